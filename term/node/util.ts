/** The browser bundle's `util` (build.mjs aliases it): what the ELF parser (elfy) calls of Node's module. */
export function inherits(constructor: { prototype: object }, superConstructor: { prototype: object }): void {
  Object.setPrototypeOf(constructor.prototype, superConstructor.prototype);
  Object.setPrototypeOf(constructor, superConstructor);
}
