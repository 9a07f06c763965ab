// A consumer of the installed package, as a separate project writes it: compiled by tsc (strict, nodenext)
// and run with plain node against a server. Not part of this repository's tsc run: the package test copies it
// into an empty project that has only the packed tarball installed.
import { createRomsoftClient, RomsoftAuthError, type DataOf, type Reply } from "@romsoft-contract/client";
import { createRomsoftClient as createValidatingClient, responseValidator } from "@romsoft-contract/client/validate";

export async function main(baseUrl: string): Promise<Record<string, unknown>> {
  // Core client, validation passed in as a function.
  const api = createRomsoftClient({ baseUrl, validateResponses: responseValidator });
  const login = await api.login("admin", "yourpassword");
  if (login.kind !== "ok") throw new Error(`login: ${login.message}`);
  const plans: DataOf<"CVN_PLAN_SEGURO_GetAllActives"> = await api.data("CVN_PLAN_SEGURO_GetAllActives");
  const reply: Reply<"ADM_PACIENTE_GetAllFilters"> = await api.call("ADM_PACIENTE_GetAllFilters", { valorRequest: "GARCIA" });
  const patients = api.unwrap(reply);
  // A property the search does not read: the server names it in Romsoft-Ignored-Properties.
  const extra = await api.call("ADM_PACIENTE_GetAllFilters", { valorRequest: "GARCIA", t_apellido_paterno: "GARCIA" });

  // The /validate entry's client: `validateResponses: true`.
  const validating = createValidatingClient({ baseUrl, token: api.token, validateResponses: true });
  // A blank description: a business warning (HTTP 200, Warning:true), not an exception.
  const blank = api.result(await validating.call("ADM_OCUPACION_Add", { c_codigo: "090", t_descripcion: " " }));

  // No token: HTTP 401 is a typed error.
  const anonymous = createRomsoftClient({ baseUrl, validateResponses: responseValidator });
  const unauthorized = await anonymous.call("CVN_PLAN_SEGURO_GetAllActives").catch((e: unknown) => e);

  return {
    login: login.kind,
    user: login.data.usuario,
    plans: plans?.length ?? 0,
    patients: patients?.length ?? 0,
    contentType: reply.headers.get("content-type"),
    ignored: extra.status === 200 ? extra.ignoredProperties : extra.status,
    warning: blank.kind === "warning" ? blank.message : blank.kind,
    unauthorized: unauthorized instanceof RomsoftAuthError ? unauthorized.status : String(unauthorized),
  };
}
