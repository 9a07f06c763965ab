// The README's sandbox example ("Sandbox for front-end teams"), as code tsc checks; test/sandbox/readme.test.ts compares the
// text between the markers with the README block (the README's address replaced by `baseUrl`) and runs it.
import { createRomsoftClient } from "@romsoft-contract/client";

export async function readmeSandboxUsage(baseUrl: string) {
  // README:start
  const client = createRomsoftClient({
    baseUrl: baseUrl,
    fetch: (request) => {
      request.headers.set("X-Sandbox-Session", "checkout-test-1");
      return fetch(request);
    },
  });
  await client.login("admin", "yourpassword");
  await client.call("ADM_OCUPACION_Add", { c_codigo: "099", t_descripcion: "Prueba", t_observacion: null, f_estado: 1, IdUsuarioActual: 1 });
  const rows = await client.data("ADM_OCUPACION_GetAllActives"); // includes 099, in this session only
  await client.raw.POST("/sandbox/reset", { body: {} });         // back to the seed
  // README:end
  return { rows, client };
}
