// The usage example of the README's "Typed client" section, as a function the tests run against the reference
// server. test/client/readme.test.ts checks that the README shows exactly this code (with the server address as a literal).
import { createRomsoftClient, RomsoftApiError, RomsoftAuthError } from "@romsoft-contract/client";

export async function readmeUsage(baseUrl: string): Promise<void> {
  // README:start
  const api = createRomsoftClient({ baseUrl: baseUrl });

  // Log in: the token is kept and sent as `Authorization: Bearer <token>` on every later call.
  const login = await api.login("admin", "yourpassword");
  if (login.kind !== "ok") throw new Error(`cannot log in: ${login.message}`); // bad credentials: kind "warning"

  // List the active insurance plans: `data()` returns Data typed as CVN_PLAN_SEGURODTO_Full[] | null.
  const plans = await api.data("CVN_PLAN_SEGURO_GetAllActives");

  // Search patients (free text in valorRequest): the body is type-checked against ADM_PACIENTEDTO.
  const patients = await api.data("ADM_PACIENTE_GetAllFilters", { valorRequest: "GARCIA" });

  // Handle a business warning without exceptions: `result()` tells ok, warning and error apart.
  const reply = await api.call("CVN_PLAN_SEGURO_Add", {
    c_codigo: "EPS-PAC-01",
    t_descripcion: "PACIFICO EPS - PLAN BASE",
    d_fecha_i_vigencia: "2021-01-01T00:00:00",
    d_fecha_f_vigencia: "2026-12-31T00:00:00",
  });
  const r = api.result(reply);
  if (r.kind === "warning") console.warn(r.message);      // e.g. "No se pudo realizar el registro."
  else if (r.kind === "error") console.error(r.message);  // Success:false (HTTP 200) or a refused request (HTTP 400)

  // Or let `unwrap()` / `data()` throw for anything but a success.
  try {
    await api.data("ADM_ATENCION_GetAllPaciente", {}, { idPaciente: 1 }); // query parameter, typed too
  } catch (e) {
    if (e instanceof RomsoftApiError) console.error(e.operationId, e.status, e.kind, e.serverMessage);
    else if (e instanceof RomsoftAuthError) console.error("log in again");
    else throw e;
  }
  console.log(`${plans?.length ?? 0} plans, ${patients?.length ?? 0} patients`);
  // README:end
}
