/**
 * A positional argument the command declares as required (`arguments: '<file>'`): nest-commander refuses to run
 * without it, so a missing one means the declaration and `run()` disagree — a bug, said plainly.
 */
export function requiredArgument(passed: readonly string[], index: number, name: string): string {
  const value = passed[index];
  if (value === undefined) throw new Error(`missing argument <${name}>`);
  return value;
}
