import { z } from 'zod';
import { ids, int, noRows, none, properties, read, write } from '../server/common/declare.js';

/** A seed row: the record's id and its scalar properties. */
const simple = z.object({ rows: z.array(z.object({ id: z.string(), props: properties })).readonly() });

/** How many nodes the database holds besides its record of migrations (the booklet is loaded only into an empty database). */
export const countNodes = read(none, z.object({ nodes: int }));

/** Creates or updates departments from seed rows. */
export const seedDepartments = write(simple, noRows);

/** Creates or updates external partners from seed rows. */
export const seedPartners = write(simple, noRows);

/** Creates or updates forums (Chefforum, KommuneMED) from seed rows. */
export const seedForums = write(simple, noRows);

/** Creates or updates projects that networks continued as or spawned. */
export const seedProjects = write(simple, noRows);

/** Creates or updates trainings and who offers them. */
export const seedTrainings = write(
  z.object({ rows: z.array(z.object({ id: z.string(), offeredBy: z.string(), props: properties })).readonly() }),
  noRows,
);

/** Creates or updates people, their department and the trainings they completed. */
export const seedPeople = write(
  z.object({
    rows: z
      .array(
        z.object({
          id: z.string(),
          department: z.string(),
          props: properties,
          trainings: z.array(z.object({ training: z.string(), props: properties })),
        }),
      )
      .readonly(),
  }),
  noRows,
);

/** Creates or updates networks (with their place in the booklet) and their leaders, partners, forums, projects and outcomes. */
export const seedNetworks = write(
  z.object({
    rows: z
      .array(
        z.object({
          id: z.string(),
          bookletOrder: int,
          props: properties,
          leaders: ids,
          partners: ids,
          reportedTo: ids,
          initiatedBy: ids,
          continuedAs: ids,
          spawned: ids,
          outcomes: z.array(z.object({ id: z.string(), props: properties })),
        }),
      )
      .readonly(),
  }),
  z.object({ networks: int }),
);
