// ADM_PACIENTECONSULTADNI/GetPacienteConsultaDNI: the person registered under a DNI, from the configured
// provider (the local registry table or a remote identity service: see dni/provider.ts).
import { DniProviderError, type HandlerContext } from "../../context.js";
import { defineAsync, type AnyDefinition } from "../kernel/definition.js";
import { toDto } from "../kernel/dto.js";
import { ok, warning } from "../kernel/envelope.js";
import { campoObligatorio } from "../kernel/messages.js";

export function pacienteConsultaDniDefinitions(ctx: HandlerContext): AnyDefinition[] {
  return [
    /**
     * The person registered under a DNI (8 digits), from the configured provider (local registry table or remote
     * identity service). Unknown DNI and an unavailable service are warnings.
     */
    defineAsync("ADM_PACIENTECONSULTADNI_GetPacienteConsultaDNI", async ({ body }) => {
      const dni = typeof body.dni === "string" ? body.dni.trim() : "";
      if (dni === "") return warning(campoObligatorio("dni"));
      if (!/^\d{8}$/.test(dni)) return warning("El campo dni debe tener 8 dígitos.");
      try {
        const person = await ctx.dni.lookup(dni);
        return person ? ok(toDto("ADM_PACIENTE_CONSULTADTO_Full", person)) : warning("No existe información para el DNI enviado.");
      } catch (err) {
        if (err instanceof DniProviderError) {
          ctx.log.warn({ err: { message: err.message } }, "DNI provider failed");
          return warning("El servicio de consulta de DNI no está disponible; inténtelo más tarde.");
        }
        throw err;
      }
    }),
  ];
}
