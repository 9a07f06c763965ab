// The common case of a CRUD controller: one table, the view its reads answer with, and the columns its writes
// take. Each method makes one action's handler body with the controller's defaults, so a controller module
// says only what differs: the id field of GetById, Update and Delete is the table's id column unless given;
// Add and Update write the controller's columns unless given.
import type { SchemaName, Schemas } from "./definition.js";
import {
  addRow,
  addRowReturningId,
  deleteRow,
  filterRows,
  getById,
  listActives,
  updateRow,
  type FilterSpec,
  type WriteSpec,
} from "./table-actions.js";
import type { Resource, Tables, View } from "./table.js";

type Field<B> = keyof NonNullable<B> & string;

export interface CrudControllerSpec<S extends SchemaName, Q extends SchemaName> {
  table: Resource & { requestSchema: Q };
  /** The `_Full` DTO the reads answer with, and its derived properties. */
  view: View<S>;
  /** Columns Add and Update write: properties of the request DTO (the ones the backend's procedure reads). */
  columns?: readonly (keyof Schemas[Q] & string)[];
}

type WriteOptions<B> = Omit<WriteSpec<B>, "res" | "columns"> & { columns?: readonly Field<B>[] };

export function crudController<S extends SchemaName, Q extends SchemaName>(tables: Tables, spec: CrudControllerSpec<S, Q>) {
  const res = spec.table;
  const view = spec.view;
  const idOf = <B>(idField: Field<B> | undefined) => idField ?? (res.id as Field<B>);
  const columnsOf = <B>(columns: readonly Field<B>[] | undefined) => columns ?? ((spec.columns ?? []) as readonly Field<B>[]);
  return {
    /** GetAllActives: the active rows, kept between requests while the data is unchanged. */
    listActives: (options: { emptyMessage?: string; orderBy?: string } = {}) => listActives(tables, { res, view, ...options }),
    /** GetAllFilters & co.: active rows matching every filled field. */
    filter: <B>(options: Omit<FilterSpec<B, S>, "res" | "view">) => filterRows<B, S>(tables, { res, view, ...options }),
    /** GetById: 0..1 rows. */
    getById: <B>(idField?: Field<B>) => getById<B, S>(tables, { res, view, idField: idOf(idField) }),
    /** Add answering Data null. */
    add: <B>(options: WriteOptions<B> = {}) => addRow<B>(tables, { ...options, res, columns: columnsOf(options.columns) }),
    /** Add answering the new id. */
    addReturningId: <B>(options: WriteOptions<B> = {}) =>
      addRowReturningId<B>(tables, { ...options, res, columns: columnsOf(options.columns) }),
    /** Update by id: only the properties the request sends change. */
    update: <B>(options: WriteOptions<B> & { idField?: Field<B>; message?: string } = {}) =>
      updateRow<B>(tables, { ...options, res, idField: idOf(options.idField), columns: columnsOf(options.columns) }),
    /** Delete by id: a soft delete. */
    delete: <B>(options: { idField?: Field<B>; validate?: (id: number) => string | null } = {}) =>
      deleteRow<B>(tables, { ...options, res, idField: idOf(options.idField) }),
  };
}
