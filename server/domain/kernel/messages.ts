// The backend's message texts (Mensajes.cs and the two literals of its controllers), verbatim.
import { GENERIC_ERROR_MESSAGE } from "../../../contract/envelope.js";

export const Mensajes = {
  IntenteloMasTarde: GENERIC_ERROR_MESSAGE,
  UsuarioNoExiste: "El usuario no pertenece al sistema.",
  RegistroSatisfactorio: "Se registró satisfactoriamente.",
  RegistroFallido: "No se pudo realizar el registro.",
  ActualizacionSatisfactoria: "Se actualizó satisfactoriamente.",
  ActualizacionFallida: "No se pudo realizar la actualización.",
  EliminacionSatisfactoria: "Se eliminó satisfactoriamente.",
  EliminacionFallida: "No se pudo realizar la eliminación.",
  YaExisteRegistro: "El registro ya existe.",
  SinFormaPago: "No existe información de forma de pagos.",
  SinDatosEnviados: "No existe información con los datos enviados.",
} as const;

/** A warning for a missing or empty field the action cannot work without. */
export function campoObligatorio(field: string): string {
  return `El campo ${field} es obligatorio.`;
}
