-- Migration 1: every table of the reference server.
-- Tables are named after the controllers; columns use the DTO property names so a row maps to a DTO without
-- renaming. Columns a DTO does not declare (the active flag of small catalogs, audit columns) are internal.
-- Dates are TEXT in the .NET form `2021-09-06T10:12:05` (no offset); money and factors are REAL.
-- Every table has an active flag: f_estado 1/0, except SEG_ROL (estado 'A'/'I') and SEG_USUARIO
-- (estado 'Activo'/'Inactivo', the values the desktop client filters on). Deletes are soft.
CREATE TABLE ADM_CIE10 (
  id_cie10 INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE ADM_CONSULTORIO (
  id_consultorio INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE ADM_DOCUMENTO_IDENTIDAD (
  id_documento_identidad INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE ADM_DOCUMENTO_PRESTACION (
  id_documento_prestacion INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  c_codigo_susalud TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE ADM_ESPECIALIDAD (
  id_especialidad INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE ADM_ESTADO_CIVIL (
  id_estado_civil INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE ADM_FORMA_PAGO (
  id_forma_pago INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE ADM_GENERO (
  id_genero INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE ADM_GRUPO_SANGUINEO (
  id_grupo_sanguineo INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE ADM_HABITACION (
  id_habitacion INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE ADM_PROFESIONAL (
  id_profesional INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_apellidos TEXT,
  t_nombres TEXT,
  t_medico TEXT,
  t_direccion TEXT,
  t_observacion TEXT,
  d_fecha_nace TEXT NOT NULL DEFAULT '0001-01-01T00:00:00',
  id_genero INTEGER NOT NULL DEFAULT 0,
  id_tipo_documento INTEGER NOT NULL DEFAULT 0,
  c_numero_documento TEXT,
  id_especialidad INTEGER NOT NULL DEFAULT 0,
  c_nro_especialidad TEXT,
  id_tipo_profesional INTEGER NOT NULL DEFAULT 0,
  c_colegiatura TEXT,
  id_condicion_profesional INTEGER NOT NULL DEFAULT 0,
  c_telefono_1 TEXT,
  c_telefono_2 TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE ADM_TIPO_AFILIACION (
  id_tipo_afiliacion INTEGER PRIMARY KEY AUTOINCREMENT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE ADM_TIPO_ATENCION (
  id_tipo_atencion INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE ADM_TIPO_CIE10 (
  id_tipo_cie10 INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE ADM_TIPO_EGRESO (
  id_tipo_egreso INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE ADM_TIPO_FILIACION (
  id_tipo_filiacion INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  c_codigo_susalud TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE ADM_TIPO_HOSPITALIZACION (
  id_tipo_hospitalizacion INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE ADM_TIPO_PACIENTE (
  id_tipo_paciente INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  id_moneda INTEGER NOT NULL DEFAULT 0,
  n_copago_variable REAL NOT NULL DEFAULT 0,
  n_copago_variable_far REAL NOT NULL DEFAULT 0,
  f_siteds INTEGER NOT NULL DEFAULT 0,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE ADM_UBIGEO (
  id_ubigeo INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_pais TEXT,
  t_departamento TEXT,
  t_provincia TEXT,
  t_distrito TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE CON_CENTRO_COSTO (
  id_centro_costo INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE CON_CUENTA_CONTABLE (
  id_cuenta_contable INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE CON_TIPO_CONTACTO (
  id_tipo_contacto INTEGER PRIMARY KEY AUTOINCREMENT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE CVN_BENEFICIO (
  id_beneficio INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE CVN_CLASIFICACION_SEGUS (
  id_clasificacion_segus INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE CVN_CLASIFICACION_SUSALUD (
  id_clasificacion_susalud INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE CVN_CLASIFICACION_SUSALUD_OD (
  id_clasificacion_susalud_od INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE CVN_MONEDA (
  id_moneda INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE CVN_PRODUCTO_PLAN (
  id_producto_plan INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  c_codigo_iafa TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE CVN_TIPO_PRECIO (
  id_tipo_precio INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE FAC_DOCUMENTO_PAGO (
  id_documento_pago INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE FAR_CLASE (
  id_clase INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE FAR_CONSIGNACION (
  id_consignacion INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE FAR_FAMILIA (
  id_familia INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE FAR_GENERICO (
  id_generico INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE FAR_TIPIFICACION (
  id_tipificacion INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE FAR_TIPO_PRODUCTO (
  id_tipo_producto INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE SEG_ROL (
  id_rol INTEGER PRIMARY KEY AUTOINCREMENT,
  rol TEXT,
  descripcion TEXT,
  estado TEXT NOT NULL DEFAULT 'A',
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE TIPO_ESTADO (
  tabla TEXT NOT NULL,
  id_estado INTEGER NOT NULL,
  estado TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (tabla, id_estado)
);
CREATE TABLE ADM_OCUPACION (
  id_ocupacion INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  t_observacion TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE ADM_PACIENTE (
  id_paciente INTEGER PRIMARY KEY AUTOINCREMENT,
  n_historia_clinica INTEGER NOT NULL DEFAULT 0,
  t_apellido_paterno TEXT,
  t_apellido_materno TEXT,
  t_nombres TEXT,
  t_paciente TEXT,
  d_fecha_nacimiento TEXT NOT NULL DEFAULT '0001-01-01T00:00:00',
  id_genero INTEGER NOT NULL DEFAULT 0,
  id_estado_civil INTEGER NOT NULL DEFAULT 0,
  id_documento_identidad INTEGER NOT NULL DEFAULT 0,
  c_documento_identidad TEXT,
  id_grupo_sanguineo INTEGER NOT NULL DEFAULT 0,
  id_ocupacion INTEGER NOT NULL DEFAULT 0,
  t_ocupacion TEXT,
  t_email_paciente TEXT,
  c_p_fono_casa TEXT,
  c_p_fono_personal TEXT,
  c_p_fono_corporativo TEXT,
  id_ubigeo_nacimiento INTEGER NOT NULL DEFAULT 0,
  id_ubigeo_domicilio INTEGER NOT NULL DEFAULT 0,
  t_referencia TEXT,
  t_direccion TEXT,
  t_responsable TEXT,
  t_email_responsable TEXT,
  c_r_fono_casa TEXT,
  c_r_fono_personal TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE CON_CONTACTO (
  id_contacto INTEGER PRIMARY KEY AUTOINCREMENT,
  id_tipo_contacto INTEGER NOT NULL DEFAULT 0,
  c_codigo TEXT,
  c_codigo_sunat TEXT,
  t_apellidos TEXT,
  t_nombres TEXT,
  t_razon_social TEXT,
  t_razon_comercial TEXT,
  t_observacion TEXT,
  t_direccion TEXT,
  t_contacto TEXT,
  t_actividad_economica TEXT,
  c_telefono1 TEXT,
  c_telefono2 TEXT,
  t_email_ffee TEXT,
  n_dias_credito INTEGER NOT NULL DEFAULT 0,
  n_flag_garante INTEGER NOT NULL DEFAULT 0,
  n_flag_contratante INTEGER NOT NULL DEFAULT 0,
  n_flag_proveedor INTEGER NOT NULL DEFAULT 0,
  n_flag_habido INTEGER NOT NULL DEFAULT 0,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE CVN_CATEGORIA_PAGO (
  id_categoria_pago INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  t_descripcion TEXT,
  t_observacion TEXT,
  d_fecha_i_vigencia TEXT,
  d_fecha_f_vigencia TEXT,
  n_factor_servicio REAL NOT NULL DEFAULT 0,
  n_factor_procedimiento REAL NOT NULL DEFAULT 0,
  n_dscto_farmacia REAL NOT NULL DEFAULT 0,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE CVN_CATEGORIA_PAGO_PRECIO (
  id_categoria_pago_precio INTEGER PRIMARY KEY AUTOINCREMENT,
  id_tarifario_segus INTEGER NOT NULL DEFAULT 0,
  id_categoria_pago INTEGER NOT NULL DEFAULT 0,
  n_precio_sol REAL NOT NULL DEFAULT 0,
  n_precio_usd REAL NOT NULL DEFAULT 0,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE CVN_PLAN_SEGURO (
  id_plan_seguro INTEGER PRIMARY KEY AUTOINCREMENT,
  id_contacto_garante INTEGER NOT NULL DEFAULT 0,
  id_contacto_contratante INTEGER NOT NULL DEFAULT 0,
  id_categoria_pago INTEGER NOT NULL DEFAULT 0,
  c_codigo TEXT,
  t_descripcion TEXT,
  t_observacion TEXT,
  c_codigo_iafa TEXT,
  d_fecha_i_vigencia TEXT NOT NULL DEFAULT '0001-01-01T00:00:00',
  d_fecha_f_vigencia TEXT NOT NULL DEFAULT '0001-01-01T00:00:00',
  c_contrato TEXT,
  c_certificado TEXT,
  id_producto_plan INTEGER NOT NULL DEFAULT 0,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE CVN_PLAN_SEGURO_DETALLE (
  id_plan_seguro_detalle INTEGER PRIMARY KEY AUTOINCREMENT,
  id_plan_seguro INTEGER NOT NULL DEFAULT 0,
  id_beneficio INTEGER NOT NULL DEFAULT 0,
  id_moneda INTEGER NOT NULL DEFAULT 0,
  n_copago_fijo REAL NOT NULL DEFAULT 0,
  n_copago_variable REAL NOT NULL DEFAULT 0,
  n_copago_variable_farmacia REAL NOT NULL DEFAULT 0,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE CVN_TARIFARIO_SEGUS (
  id_tarifario_segus INTEGER PRIMARY KEY AUTOINCREMENT,
  c_codigo TEXT,
  c_codigo_susalud TEXT,
  t_descripcion_esp TEXT,
  t_descripcion_eng TEXT,
  t_observacion TEXT,
  id_clasificacion_segus INTEGER NOT NULL DEFAULT 0,
  id_clasificacion_susalud INTEGER NOT NULL DEFAULT 0,
  id_clasificacion_susalud_od INTEGER NOT NULL DEFAULT 0,
  id_centro_costo INTEGER NOT NULL DEFAULT 0,
  id_cuenta_contable INTEGER NOT NULL DEFAULT 0,
  id_tipo_precio INTEGER NOT NULL DEFAULT 0,
  n_unidad REAL NOT NULL DEFAULT 0,
  n_ayudante INTEGER NOT NULL DEFAULT 0,
  n_instrumentista INTEGER NOT NULL DEFAULT 0,
  n_dias INTEGER NOT NULL DEFAULT 0,
  n_porcentaje REAL NOT NULL DEFAULT 0,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE CVN_TARIFARIO_SEGUS_PARTICIPANTE (
  id_tarifario_segus_participante INTEGER PRIMARY KEY AUTOINCREMENT,
  id_tarifario_segus INTEGER NOT NULL DEFAULT 0,
  id_tarifario_segus_referencia INTEGER NOT NULL DEFAULT 0,
  f_estado INTEGER NOT NULL DEFAULT 1,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE FAR_PRODUCTO (
  id_producto INTEGER PRIMARY KEY AUTOINCREMENT,
  t_codigo TEXT,
  t_descripcion TEXT,
  t_presentacion TEXT,
  t_rutaimagen TEXT,
  id_tipo_producto INTEGER NOT NULL DEFAULT 0,
  id_clase INTEGER NOT NULL DEFAULT 0,
  id_generico INTEGER NOT NULL DEFAULT 0,
  id_familia INTEGER NOT NULL DEFAULT 0,
  id_tipificacion INTEGER NOT NULL DEFAULT 0,
  c_gtin TEXT,
  c_unspsc TEXT,
  n_stockmin REAL NOT NULL DEFAULT 0,
  n_stockmax REAL NOT NULL DEFAULT 0,
  n_pcosto REAL NOT NULL DEFAULT 0,
  n_pvf REAL NOT NULL DEFAULT 0,
  n_utilidad REAL NOT NULL DEFAULT 0,
  n_pvs REAL NOT NULL DEFAULT 0,
  n_plista REAL NOT NULL DEFAULT 0,
  f_inafecto INTEGER NOT NULL DEFAULT 0,
  id_consignacion INTEGER NOT NULL DEFAULT 0,
  id_laboratorio INTEGER NOT NULL DEFAULT 0,
  id_proveedor INTEGER NOT NULL DEFAULT 0,
  n_dscto_1 REAL NOT NULL DEFAULT 0,
  n_dscto_2 REAL NOT NULL DEFAULT 0,
  f_estado INTEGER NOT NULL DEFAULT 1,
  n_valorizado INTEGER NOT NULL DEFAULT 0,
  id_user_registro INTEGER NOT NULL DEFAULT 0,
  d_fecha_registro TEXT NOT NULL DEFAULT '0001-01-01T00:00:00',
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE SEG_USUARIO (
  id_usuario INTEGER PRIMARY KEY AUTOINCREMENT,
  id_rol INTEGER NOT NULL DEFAULT 0,
  usuario TEXT NOT NULL COLLATE NOCASE,
  clave TEXT NOT NULL,
  apellidos TEXT,
  nombres TEXT,
  nro_documento TEXT,
  sexo TEXT,
  email TEXT,
  celular TEXT,
  estado TEXT NOT NULL DEFAULT 'Activo',
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE ADM_ATENCION (
  id_atencion INTEGER PRIMARY KEY AUTOINCREMENT,
  id_nro_interno INTEGER NOT NULL DEFAULT 0,
  id_paciente INTEGER NOT NULL DEFAULT 0,
  id_calificacion INTEGER NOT NULL DEFAULT 0,
  id_tipo_paciente INTEGER NOT NULL DEFAULT 0,
  id_tipo_atencion INTEGER NOT NULL DEFAULT 0,
  d_fecha_ingreso TEXT NOT NULL DEFAULT '0001-01-01T00:00:00',
  c_hora_ingreso TEXT,
  id_plan_seguro INTEGER NOT NULL DEFAULT 0,
  id_beneficio INTEGER NOT NULL DEFAULT 0,
  id_atencion_autoriza INTEGER NOT NULL DEFAULT 0,
  t_nombre_titular TEXT,
  id_parentesco INTEGER NOT NULL DEFAULT 0,
  id_atencion_diagnostico INTEGER NOT NULL DEFAULT 0,
  id_atencion_cita INTEGER NOT NULL DEFAULT 0,
  id_medico INTEGER NOT NULL DEFAULT 0,
  id_atencion_hospitaliza INTEGER NOT NULL DEFAULT 0,
  id_tipo_egreso INTEGER NOT NULL DEFAULT 0,
  d_fecha_egreso TEXT NOT NULL DEFAULT '0001-01-01T00:00:00',
  c_hora_egreso TEXT,
  d_fecha_cierre TEXT NOT NULL DEFAULT '0001-01-01T00:00:00',
  c_hora_cierre TEXT,
  t_observacion TEXT,
  n_a_no_gravado REAL NOT NULL DEFAULT 0,
  n_a_gravado REAL NOT NULL DEFAULT 0,
  n_a_impuesto REAL NOT NULL DEFAULT 0,
  n_a_total REAL NOT NULL DEFAULT 0,
  n_p_no_gravado REAL NOT NULL DEFAULT 0,
  n_p_gravado REAL NOT NULL DEFAULT 0,
  n_p_impuesto REAL NOT NULL DEFAULT 0,
  n_p_total REAL NOT NULL DEFAULT 0,
  n_g_no_gravado REAL NOT NULL DEFAULT 0,
  n_g_gravado REAL NOT NULL DEFAULT 0,
  n_g_impuesto REAL NOT NULL DEFAULT 0,
  n_g_total REAL NOT NULL DEFAULT 0,
  n_paciente_derivado INTEGER NOT NULL DEFAULT 0,
  id_cita INTEGER NOT NULL DEFAULT 0,
  id_categoria_pago INTEGER NOT NULL DEFAULT 0,
  c_codigo_asegurado TEXT,
  c_contrato TEXT,
  id_documento_prestacion1 INTEGER NOT NULL DEFAULT 0,
  c_documento_prestacion1 TEXT,
  id_documento_prestacion2 INTEGER NOT NULL DEFAULT 0,
  c_documento_prestacion2 TEXT,
  d_fecha_autorizacion1 TEXT NOT NULL DEFAULT '0001-01-01T00:00:00',
  d_fecha_autorizacion2 TEXT NOT NULL DEFAULT '0001-01-01T00:00:00',
  id_tipo_filiacion INTEGER NOT NULL DEFAULT 0,
  id_tipo_afiliacion INTEGER NOT NULL DEFAULT 0,
  id_moneda INTEGER NOT NULL DEFAULT 0,
  n_copago_fijo REAL NOT NULL DEFAULT 0,
  n_copago_variable REAL NOT NULL DEFAULT 0,
  n_copago_variable_far REAL NOT NULL DEFAULT 0,
  id_producto_plan INTEGER NOT NULL DEFAULT 0,
  n_limite_cobertura REAL NOT NULL DEFAULT 0,
  id_tipo_diagnostico INTEGER NOT NULL DEFAULT 0,
  id_diagnostico INTEGER NOT NULL DEFAULT 0,
  c_numero_placa TEXT,
  n_deja_denuncia INTEGER NOT NULL DEFAULT 0,
  n_deja_carta INTEGER NOT NULL DEFAULT 0,
  t_observacion_accidente TEXT,
  id_profesional INTEGER NOT NULL DEFAULT 0,
  id_hospitalizacion INTEGER NOT NULL DEFAULT 0,
  t_observacion_general TEXT,
  id_tipo_facturacion INTEGER NOT NULL DEFAULT 0,
  d_fecha_registro TEXT NOT NULL DEFAULT '0001-01-01T00:00:00',
  c_hora_registro TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1,
  d_fecha_hospitalizacion TEXT NOT NULL DEFAULT '0001-01-01T00:00:00',
  c_hora_hospitalizacion TEXT,
  id_habitacion INTEGER NOT NULL DEFAULT 0,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE ADM_DOCUMENTO_AUTORIZACION (
  id_documento_autorizacion INTEGER PRIMARY KEY AUTOINCREMENT,
  COD_DOCUMENTO TEXT,
  COD_AUTORIZACION TEXT,
  COD_ASEGURADO TEXT,
  FEC_AUTORIZACION TEXT NOT NULL DEFAULT '0001-01-01T00:00:00',
  FEC_NACIMIENTO TEXT NOT NULL DEFAULT '0001-01-01T00:00:00',
  NOMBRES TEXT,
  AP_PATERNO TEXT,
  AP_MATERNO TEXT,
  PACIENTE TEXT,
  TITULAR TEXT,
  RUC_IPRESS TEXT,
  COD_IAFA TEXT,
  NUM_COPAGO_FIJO REAL NOT NULL DEFAULT 0,
  NUM_COPAGO_VARIABLE REAL NOT NULL DEFAULT 0,
  COD_IPRESS TEXT,
  SEXO TEXT,
  NUM_DOCUMENTO TEXT,
  NUM_EDAD TEXT,
  COD_ASEGURADO_TITULAR TEXT,
  COD_DOCUMENTO_TITULAR TEXT,
  NUM_DOCUMENTO_TITULAR TEXT,
  COD_TIPO_FILIACION TEXT,
  DES_TIPO_FILIACION TEXT,
  COD_COBERTURA TEXT,
  COD_SUBCOBERTURA TEXT,
  DES_BENEFICIO TEXT,
  COD_PRODUCTO TEXT,
  DES_PRODUCTO TEXT,
  COD_TIPOPLAN TEXT,
  DES_TIPOPLAN TEXT,
  COD_TIPO_AFILIACION TEXT,
  DES_TIPO_AFILIACION TEXT,
  NUM_POLIZA TEXT,
  NUM_PLAN TEXT,
  COD_CONTRATANTE TEXT,
  COD_CONTRATANTE_ABR TEXT,
  NUM_CONTRATANTE TEXT,
  DES_CONTRATANTE TEXT,
  FEC_INICIO_VIGENCIA TEXT NOT NULL DEFAULT '0001-01-01T00:00:00',
  FEC_FIN_VIGENCIA TEXT NOT NULL DEFAULT '0001-01-01T00:00:00',
  FE_INCLDATE TEXT NOT NULL DEFAULT '0001-01-01T00:00:00',
  COD_MONEDA TEXT,
  COD_SERVICIO TEXT,
  NUM_IP TEXT,
  f_estado INTEGER NOT NULL DEFAULT 1,
  id_user_registro INTEGER NOT NULL DEFAULT 0,
  id_user_modifica INTEGER NOT NULL DEFAULT 0,
  FechaCreacion TEXT,
  FechaModificacion TEXT,
  UsuarioCreacion TEXT,
  UsuarioModificacion TEXT,
  id_usuarioCreacion INTEGER NOT NULL DEFAULT 0,
  id_usuarioModifica INTEGER NOT NULL DEFAULT 0
);
-- Charges (services) attached to an attendance; what ADM_ATENCION/GetAtencionPendingAllFilters lists until billed.
CREATE TABLE ADM_ATENCION_CARGO (
  id_atencion_cargo INTEGER PRIMARY KEY AUTOINCREMENT,
  id_atencion INTEGER NOT NULL,
  id_tarifario_segus INTEGER NOT NULL DEFAULT 0,
  id_profesional INTEGER NOT NULL DEFAULT 0,
  n_precio REAL NOT NULL DEFAULT 0,
  n_cantidad REAL NOT NULL DEFAULT 1,
  n_descuento REAL NOT NULL DEFAULT 0,
  n_anticipo REAL NOT NULL DEFAULT 0,
  f_estado INTEGER NOT NULL DEFAULT 1
);
-- Payment vouchers (comprobantes) written by FAC_DOCUMENTO_PAGO/addComprobante: header + detail lines.
CREATE TABLE FAC_COMPROBANTE (
  id_comprobante INTEGER PRIMARY KEY AUTOINCREMENT,
  id_documento_pago INTEGER NOT NULL DEFAULT 0,
  id_atencion INTEGER NOT NULL DEFAULT 0,
  id_tipo_documento INTEGER NOT NULL DEFAULT 0,
  c_numero_de_documento TEXT,
  t_direccion TEXT,
  t_paciente TEXT,
  d_fecha_emis TEXT NOT NULL DEFAULT '0001-01-01T00:00:00',
  id_condicion_pago INTEGER NOT NULL DEFAULT 0,
  id_moneda INTEGER NOT NULL DEFAULT 0,
  n_porcen_igv INTEGER NOT NULL DEFAULT 0,
  n_porcen_descu INTEGER NOT NULL DEFAULT 0,
  n_total_bruto REAL NOT NULL DEFAULT 0,
  n_total_descuento REAL NOT NULL DEFAULT 0,
  n_total_anticipo REAL NOT NULL DEFAULT 0,
  n_total_gravada REAL NOT NULL DEFAULT 0,
  n_total_no_gravada REAL NOT NULL DEFAULT 0,
  n_total_icbper REAL NOT NULL DEFAULT 0,
  n_total_impuesto REAL NOT NULL DEFAULT 0,
  n_total_neto REAL NOT NULL DEFAULT 0,
  t_observacion TEXT,
  id_user_registro INTEGER NOT NULL DEFAULT 0,
  d_fecha_registro TEXT NOT NULL,
  f_estado INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE FAC_COMPROBANTE_DET (
  id_comprobante_det INTEGER PRIMARY KEY AUTOINCREMENT,
  id_comprobante INTEGER NOT NULL REFERENCES FAC_COMPROBANTE (id_comprobante),
  n_item INTEGER NOT NULL,
  id_tarifario_segus INTEGER NOT NULL DEFAULT 0,
  t_tarifario_segus TEXT,
  c_codigo_segus TEXT,
  id_clasificacion_segus INTEGER NOT NULL DEFAULT 0,
  t_clasificacion_segus TEXT,
  n_precio REAL NOT NULL DEFAULT 0,
  n_cantidad REAL NOT NULL DEFAULT 0,
  n_subtotal REAL NOT NULL DEFAULT 0,
  n_descuento REAL NOT NULL DEFAULT 0,
  n_total REAL NOT NULL DEFAULT 0
);
-- Local copy of the national identity registry answered by ADM_PACIENTECONSULTADNI when no remote service is set.
CREATE TABLE ADM_PACIENTE_CONSULTA (
  dni TEXT PRIMARY KEY,
  paterno TEXT,
  materno TEXT,
  nombres TEXT,
  domicilio TEXT
);

CREATE UNIQUE INDEX ux_seg_usuario_usuario ON SEG_USUARIO (usuario COLLATE NOCASE);
CREATE INDEX ix_seg_usuario_id_rol ON SEG_USUARIO (id_rol);
CREATE INDEX ix_adm_ocupacion_codigo ON ADM_OCUPACION (c_codigo);
CREATE INDEX ix_adm_paciente_historia ON ADM_PACIENTE (n_historia_clinica);
CREATE INDEX ix_adm_paciente_documento ON ADM_PACIENTE (c_documento_identidad);
CREATE INDEX ix_adm_atencion_paciente ON ADM_ATENCION (id_paciente);
CREATE INDEX ix_adm_atencion_cargo_atencion ON ADM_ATENCION_CARGO (id_atencion);
CREATE INDEX ix_adm_documento_autorizacion_cod ON ADM_DOCUMENTO_AUTORIZACION (COD_AUTORIZACION);
CREATE INDEX ix_adm_profesional_especialidad ON ADM_PROFESIONAL (id_especialidad);
CREATE INDEX ix_con_contacto_codigo ON CON_CONTACTO (c_codigo);
CREATE INDEX ix_cvn_categoria_pago_codigo ON CVN_CATEGORIA_PAGO (c_codigo);
CREATE INDEX ix_cvn_categoria_pago_precio_tarifario ON CVN_CATEGORIA_PAGO_PRECIO (id_tarifario_segus);
CREATE INDEX ix_cvn_categoria_pago_precio_categoria ON CVN_CATEGORIA_PAGO_PRECIO (id_categoria_pago);
CREATE INDEX ix_cvn_plan_seguro_detalle_plan ON CVN_PLAN_SEGURO_DETALLE (id_plan_seguro);
CREATE INDEX ix_cvn_producto_plan_iafa ON CVN_PRODUCTO_PLAN (c_codigo_iafa);
CREATE INDEX ix_cvn_tarifario_segus_codigo ON CVN_TARIFARIO_SEGUS (c_codigo);
CREATE INDEX ix_cvn_tarifario_segus_participante_tarifario ON CVN_TARIFARIO_SEGUS_PARTICIPANTE (id_tarifario_segus);
CREATE INDEX ix_fac_comprobante_atencion ON FAC_COMPROBANTE (id_atencion);
CREATE INDEX ix_fac_comprobante_det_comprobante ON FAC_COMPROBANTE_DET (id_comprobante);
CREATE INDEX ix_tipo_estado_tabla ON TIPO_ESTADO (tabla COLLATE NOCASE);
