import type { Field, Procedure, Service } from '@motcua/shared';
import type { CatalogRepo } from '../db/repositories';

/** Fields, services and procedures, cached in memory: they change only by configuration. */
export class Catalog {
  private data: { fields: Field[]; services: Service[]; procedures: Procedure[]; serviceById: Map<string, Service>; procedureById: Map<string, Procedure> } | null = null;
  constructor(private readonly repo: CatalogRepo) {}
  private load() {
    if (!this.data) {
      const fields = this.repo.fields();
      const services = this.repo.services();
      const procedures = this.repo.procedures();
      this.data = { fields, services, procedures, serviceById: new Map(services.map((s) => [s.id, s])), procedureById: new Map(procedures.map((p) => [p.id, p])) };
    }
    return this.data;
  }
  fields(): Field[] {
    return this.load().fields;
  }
  services(): Service[] {
    return this.load().services;
  }
  procedures(): Procedure[] {
    return this.load().procedures;
  }
  service(id: string): Service | undefined {
    return this.load().serviceById.get(id);
  }
  procedure(id: string): Procedure | undefined {
    return this.load().procedureById.get(id);
  }
  invalidate(): void {
    this.data = null;
  }
}
