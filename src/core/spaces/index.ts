export * from './space.js';
export { Box, type BoxOptions } from './box.js';
export { Discrete, MultiDiscrete, MultiBinary } from './discrete.js';
export { Tuple, Dict } from './composite.js';
export { flatDim, flatten, flattenInto, unflatten, flattenSpace, spaceFromJSON } from './flatten.js';
