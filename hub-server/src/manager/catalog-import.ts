/**
 * The procedure catalogue import, pure: map a file's header to known columns, check every row
 * against the catalogue and the other rows, and say what the good rows would do. The manager app
 * reads the CSV or XLSX; the hub stages its rows, checks them here and applies them in one
 * transaction.
 */
import { NationalCode, type Field, type ImportRowError, type LocalizedText, type Procedure, type Service } from '@motcua/shared';
import { say } from '../i18n';

export type ImportColumn = 'nationalCode' | 'nameVi' | 'nameEn' | 'fieldCode' | 'fieldName' | 'serviceCode';

/** Header names (without accents, lower case, spaces as _) that mean each column. */
const ALIASES: Record<ImportColumn, readonly string[]> = {
  nationalCode: ['ma_thu_tuc', 'ma_tthc', 'ma_so', 'ma', 'national_code', 'procedure_code', 'code'],
  nameVi: ['ten_thu_tuc', 'ten_tthc', 'thu_tuc', 'ten', 'name_vi', 'name', 'procedure'],
  nameEn: ['ten_tieng_anh', 'name_en', 'english_name'],
  fieldCode: ['ma_linh_vuc', 'field_code', 'field'],
  fieldName: ['ten_linh_vuc', 'linh_vuc', 'field_name'],
  serviceCode: ['ma_nhom_dich_vu', 'nhom_dich_vu', 'ma_dich_vu', 'service_code', 'service'],
};

export const COLUMN_LABELS: Record<ImportColumn, LocalizedText> = {
  nationalCode: say.both('columnNationalCode'),
  nameVi: say.both('columnNameVi'),
  nameEn: say.both('columnNameEn'),
  fieldCode: say.both('columnFieldCode'),
  fieldName: say.both('columnFieldName'),
  serviceCode: say.both('columnServiceCode'),
};

/** "Mã thủ tục" → "ma_thu_tuc". */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

export type HeaderMap = Partial<Record<ImportColumn, number>>;

export function mapHeader(header: readonly string[]): { map: HeaderMap; missing: ImportColumn[] } {
  const norm = header.map(normalizeHeader);
  const map: HeaderMap = {};
  for (const col of Object.keys(ALIASES) as ImportColumn[]) {
    // First the most specific alias, so "ten_linh_vuc" is not taken for the procedure name.
    for (const alias of ALIASES[col]) {
      const i = norm.indexOf(alias);
      if (i >= 0 && !Object.values(map).includes(i)) {
        map[col] = i;
        break;
      }
    }
  }
  const missing = (['nationalCode', 'nameVi', 'fieldCode'] as const).filter((c) => map[c] === undefined);
  return { map, missing };
}

export interface CatalogView {
  fields: readonly Field[];
  services: readonly Service[];
  procedures: readonly Procedure[];
}

export interface ImportPlan {
  total: number;
  errors: ImportRowError[];
  newFields: Field[];
  procedures: Procedure[];
  newProcedures: number;
  updatedProcedures: number;
}

export const procedureIdOf = (nationalCode: string): string => `p-${nationalCode.replace(/\./g, '')}`;
export const fieldIdOf = (code: string): string => `f-${code.toLowerCase()}`;

const err = (row: number, column: ImportColumn | null, vi: string, en: string): ImportRowError => ({ row, column: column ? COLUMN_LABELS[column].vi : null, message: { vi, en } });

/**
 * Checks every row; rows are numbered as in the file (the header is row 1). Blank rows are skipped.
 * A field named by a new code is created when the row (or an earlier one) gives its name.
 */
export function planImport(header: readonly string[], rows: readonly (readonly string[])[], catalog: CatalogView): ImportPlan {
  const { map, missing } = mapHeader(header);
  if (missing.length > 0) {
    const names = missing.map((c) => COLUMN_LABELS[c]);
    return {
      total: rows.length,
      errors: [err(1, null, ...say.pair('missingColumns', { columns: names.map((n) => n.vi).join(', ') }, { columns: names.map((n) => n.en).join(', ') }))],
      newFields: [],
      procedures: [],
      newProcedures: 0,
      updatedProcedures: 0,
    };
  }
  const fieldsByCode = new Map(catalog.fields.map((f) => [f.code.toUpperCase(), f]));
  const servicesByCode = new Map(catalog.services.map((s) => [s.code.toUpperCase(), s]));
  const existing = new Set(catalog.procedures.map((p) => p.id));
  const newFields = new Map<string, Field>();
  const seen = new Map<string, number>();
  const errors: ImportRowError[] = [];
  const procedures: Procedure[] = [];
  let maxSort = Math.max(0, ...catalog.fields.map((f) => f.sortOrder));
  let total = 0;

  rows.forEach((cells, i) => {
    const rowNo = i + 2;
    const cell = (c: ImportColumn): string => {
      const idx = map[c];
      return idx === undefined ? '' : (cells[idx] ?? '').trim();
    };
    if (cells.every((c) => c.trim() === '')) return;
    total++;
    const before = errors.length;
    const code = cell('nationalCode');
    const nameVi = cell('nameVi');
    const fieldCode = cell('fieldCode').toUpperCase();
    if (!code) errors.push(err(rowNo, 'nationalCode', ...say.pair('procedureCodeIsMissing')));
    else if (!NationalCode.safeParse(code).success) errors.push(err(rowNo, 'nationalCode', ...say.pair('procedureCodeMalformed', { code })));
    else if (seen.has(code)) errors.push(err(rowNo, 'nationalCode', ...say.pair('procedureCodeRepeated', { code, row: seen.get(code) ?? 0 })));
    if (!nameVi) errors.push(err(rowNo, 'nameVi', ...say.pair('procedureNameIsMissing')));
    else if (nameVi.length > 200) errors.push(err(rowNo, 'nameVi', ...say.pair('procedureNameTooLong')));

    let field = fieldsByCode.get(fieldCode) ?? newFields.get(fieldCode);
    if (!fieldCode) errors.push(err(rowNo, 'fieldCode', ...say.pair('fieldCodeIsMissing')));
    else if (!/^[A-Z0-9_-]{1,32}$/.test(fieldCode)) errors.push(err(rowNo, 'fieldCode', ...say.pair('fieldCodeMalformed', { fieldCode })));
    else if (!field) {
      const fieldName = cell('fieldName');
      if (!fieldName) errors.push(err(rowNo, 'fieldName', ...say.pair('fieldMissingNeedsName', { fieldCode })));
      else if (errors.length === before) {
        field = { id: fieldIdOf(fieldCode), code: fieldCode, name: { vi: fieldName.slice(0, 200), en: fieldName.slice(0, 200) }, sortOrder: ++maxSort };
        newFields.set(fieldCode, field);
      }
    }

    let service: Service | undefined;
    const serviceCode = cell('serviceCode').toUpperCase();
    if (serviceCode) {
      service = servicesByCode.get(serviceCode);
      if (!service) errors.push(err(rowNo, 'serviceCode', ...say.pair('noServiceWithCode', { serviceCode })));
    } else if (field) {
      const ofField = catalog.services.filter((s) => s.fieldId === field.id);
      if (ofField.length === 1) service = ofField[0];
      else errors.push(err(rowNo, 'serviceCode', ...say.pair('fieldNeedsServiceCode', { fieldCode, ofFieldCount: ofField.length })));
    }

    if (code) seen.set(code, rowNo);
    if (errors.length > before || !field || !service) return;
    const nameEn = cell('nameEn') || nameVi;
    procedures.push({ id: procedureIdOf(code), nationalCode: code, name: { vi: nameVi, en: nameEn.slice(0, 200) }, fieldId: field.id, serviceId: service.id });
  });

  // A new field is created only if a good row uses it.
  const used = new Set(procedures.map((p) => p.fieldId));
  const created = [...newFields.values()].filter((f) => used.has(f.id));
  const newProcedures = procedures.filter((p) => !existing.has(p.id)).length;
  return { total, errors, newFields: created, procedures, newProcedures, updatedProcedures: procedures.length - newProcedures };
}

/** Rows staged by import id while the manager app uploads them in chunks; dropped after an hour. */
export class ImportStaging {
  private readonly imports = new Map<string, { fileName: string; header: string[]; rows: string[][]; touchedAt: number }>();
  constructor(private readonly now: () => number) {}

  stage(importId: string, fileName: string, header: string[] | undefined, offset: number, rows: string[][]): { ok: true; staged: number } | { ok: false; reason: string } {
    this.sweep();
    let imp = this.imports.get(importId);
    if (offset === 0) {
      if (!header) return { ok: false, reason: 'the first chunk carries the header' };
      imp = { fileName, header, rows: [], touchedAt: this.now() };
      this.imports.set(importId, imp);
    }
    if (!imp) return { ok: false, reason: `unknown import ${importId}: start again from offset 0` };
    if (offset !== imp.rows.length) return { ok: false, reason: `expected offset ${imp.rows.length}, got ${offset}` };
    if (imp.rows.length + rows.length > 20_000) return { ok: false, reason: 'at most 20000 rows per import' };
    imp.rows.push(...rows);
    imp.touchedAt = this.now();
    return { ok: true, staged: imp.rows.length };
  }

  get(importId: string): { fileName: string; header: string[]; rows: string[][] } | undefined {
    return this.imports.get(importId);
  }

  drop(importId: string): void {
    this.imports.delete(importId);
  }

  private sweep(): void {
    const cutoff = this.now() - 3600_000;
    for (const [id, imp] of this.imports) if (imp.touchedAt < cutoff) this.imports.delete(id);
  }
}
