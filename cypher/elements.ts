import { z } from 'zod';
import { day, ids, kinds, read, relType, relTypes } from '../server/common/declare.js';
import { elementNode } from './shapes.js';

/** The nodes with the given ids, with what a graph drawing needs, and their element ids. */
export const elementNodes = read(z.object({ ids, kinds: kinds, at: day }), elementNode);

/** The relations among the given nodes, of the allowed types, that held on day $at. */
export const elementEdges = read(
  z.object({ ids, types: relTypes, at: day }),
  z.object({ source: z.string(), type: relType, target: z.string() }),
);
