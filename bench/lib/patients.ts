// Realistic generated patients for the scaling benchmark, written straight into the SQLite file with one
// transaction and one prepared statement. Deterministic (fixed PRNG seed): every run searches the same data.
//
// Surnames and given names follow a skewed distribution (a few very common, a long tail), like a real register,
// so a surname search can be broad; DNIs and historias clínicas are unique, so a DNI search is selective. One rare
// surname (RARE_SURNAME) appears once per 25,000 patients.
import type { Db } from "../../server/context.js";

const SURNAMES = [
  "QUISPE", "FLORES", "SANCHEZ", "RODRIGUEZ", "GARCIA", "ROJAS", "GONZALES", "HUAMAN", "RAMOS", "CHAVEZ",
  "MENDOZA", "TORRES", "VASQUEZ", "DIAZ", "CASTILLO", "LOPEZ", "MAMANI", "ESPINOZA", "PEREZ", "CONDORI",
  "RAMIREZ", "CRUZ", "GUTIERREZ", "HUAMANI", "TICONA", "MORALES", "VARGAS", "CCAMA", "MEDINA", "ALVAREZ",
  "FERNANDEZ", "ROMERO", "SALAZAR", "CÁRDENAS", "HERRERA", "RIVERA", "AGUILAR", "CHOQUE", "REYES", "SILVA",
  "NÚÑEZ", "PEÑA", "CÁCERES", "CORNEJO", "VILLANUEVA", "APAZA", "CALDERON", "PALOMINO", "LLANOS", "ZEVALLOS",
  "INGA", "JIMÉNEZ", "BENAVIDES", "OBREGÓN", "TAIPE", "CUSI", "YUPANQUI", "ARIAS", "MONTOYA", "SOTO",
];
const GIVEN = [
  "MARIA", "JOSE", "JUAN", "LUIS", "CARLOS", "ROSA", "ANA", "JORGE", "CARMEN", "MIGUEL", "ELENA", "JULIA",
  "PEDRO", "VICTOR", "CESAR", "LUZ", "SONIA", "MARTHA", "JESUS", "ÁNGEL", "LUCÍA", "RAÚL", "DIANA", "FERNANDO",
  "PATRICIA", "RICARDO", "GLADYS", "WILFREDO", "YOLANDA", "ALEJANDRO", "CAMILA", "VALERIA", "SEBASTIÁN", "MATEO",
  "ISABEL", "TERESA", "RUTH", "EDGAR", "HILDA", "ROSARIO",
];
const STREETS = [
  "AV. BRASIL", "AV. AREQUIPA", "JR. DE LA UNIÓN", "AV. JAVIER PRADO", "CALLE LAS BEGONIAS", "AV. PETIT THOUARS",
  "JR. HUALLAGA", "AV. LOS INCAS", "PASAJE SAN MARTÍN", "AV. TÚPAC AMARU", "CALLE LOS ÁLAMOS", "AV. GRAU",
];
const DISTRICTS = [
  "JESÚS MARÍA", "LINCE", "MIRAFLORES", "SAN MIGUEL", "COMAS", "ATE", "SURCO", "CERCADO", "SAN JUAN DE LURIGANCHO",
  "LOS OLIVOS", "CHORRILLOS", "BREÑA",
];

/** Appears once per 25,000 generated patients (at least once): the "rare surname" search. */
export const RARE_SURNAME = "PAUCCARIMA";
const RARE_EVERY = 25_000;

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Skewed pick: low indexes are much more frequent (roughly a power law). */
function skewed<T>(list: readonly T[], r: number): T {
  return list[Math.min(list.length - 1, Math.floor(list.length * r * r))]!;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export interface SeedResult {
  /** Rows in ADM_PACIENTE after seeding. */
  total: number;
  inserted: number;
  ms: number;
  /** Search terms for the benchmark, chosen from the inserted rows. */
  terms: {
    /** DNI of one generated patient: exactly one match. */
    dni: string;
    /** RARE_SURNAME: about total/25,000 matches. */
    rareSurname: string;
  };
}

/** Adds generated patients until ADM_PACIENTE holds `total` rows (one transaction, one prepared statement). */
export function seedPatients(db: Db, total: number, seed = 20_240_501): SeedResult {
  const started = performance.now();
  const existing = db.prepare("SELECT COUNT(*) FROM ADM_PACIENTE").pluck().get() as number;
  const count = Math.max(0, total - existing);
  const maxHistoria = (db.prepare("SELECT MAX(n_historia_clinica) FROM ADM_PACIENTE").pluck().get() as number | null) ?? 0;
  const usedDni = new Set(
    db.prepare("SELECT c_documento_identidad FROM ADM_PACIENTE WHERE c_documento_identidad IS NOT NULL").pluck().all() as string[],
  );
  const rand = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

  const insert = db.prepare(
    `INSERT INTO ADM_PACIENTE (
       n_historia_clinica, t_apellido_paterno, t_apellido_materno, t_nombres, t_paciente, d_fecha_nacimiento,
       id_genero, id_estado_civil, id_documento_identidad, c_documento_identidad, id_grupo_sanguineo, id_ocupacion,
       t_email_paciente, c_p_fono_personal, id_ubigeo_nacimiento, id_ubigeo_domicilio, t_direccion, f_estado,
       FechaCreacion, UsuarioCreacion, id_usuarioCreacion)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 'admin', 1)`,
  );

  const dniIndex = Math.floor(count / 2);
  let dniTerm = "";
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const paterno = i % RARE_EVERY === 7 % Math.min(count, RARE_EVERY) ? RARE_SURNAME : skewed(SURNAMES, rand());
      const materno = skewed(SURNAMES, rand());
      const first = skewed(GIVEN, rand());
      const nombres = rand() < 0.6 ? `${first} ${skewed(GIVEN, rand())}` : first;
      let dni: string;
      do dni = String(int(10_000_000, 79_999_999));
      while (usedDni.has(dni));
      usedDni.add(dni);
      if (i === dniIndex) dniTerm = dni;
      const birth = `${int(1935, 2023)}-${pad(int(1, 12))}-${pad(int(1, 28))}T00:00:00`;
      const created = `${int(2015, 2024)}-${pad(int(1, 12))}-${pad(int(1, 28))}T${pad(int(7, 19))}:${pad(int(0, 59))}:00`;
      const email = `${first.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase()}.${paterno
        .normalize("NFD")
        .replace(/\p{Diacritic}/gu, "")
        .toLowerCase()}${i}@example.pe`;
      insert.run(
        maxHistoria + 1 + i,
        paterno,
        materno,
        nombres,
        `${paterno} ${materno}, ${nombres}`,
        birth,
        int(1, 2),
        int(1, 5),
        dni,
        int(1, 8),
        int(1, 18),
        email,
        `9${String(int(0, 99_999_999)).padStart(8, "0")}`,
        int(1, 73),
        int(1, 73),
        `${STREETS[int(0, STREETS.length - 1)]} ${int(100, 3999)}, ${DISTRICTS[int(0, DISTRICTS.length - 1)]}`,
        created,
      );
    }
  })();
  return {
    total: existing + count,
    inserted: count,
    ms: Math.round(performance.now() - started),
    terms: { dni: dniTerm || ([...usedDni][0] ?? ""), rareSurname: RARE_SURNAME },
  };
}
