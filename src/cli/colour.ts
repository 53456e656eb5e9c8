import { Chalk } from "chalk";

// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
const enabled = (stream: NodeJS.WriteStream): boolean => stream.isTTY === true && !process.env.NO_COLOR;

export const out = new Chalk({ level: enabled(process.stdout) ? 1 : 0 });
export const err = new Chalk({ level: enabled(process.stderr) ? 1 : 0 });
