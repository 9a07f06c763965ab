// Must NOT compile: the body of ADM_PACIENTE_GetAllFilters is ADM_PACIENTEDTO, whose id_paciente is an integer.
import { createRomsoftClient } from "@romsoft-contract/client";

const api = createRomsoftClient({ baseUrl: "http://127.0.0.1:3000" });
export const wrong = api.call("ADM_PACIENTE_GetAllFilters", { id_paciente: "1" });
