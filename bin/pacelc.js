#!/usr/bin/env node
// The `pacelc` command. Kept tiny so that start-up is fast: each subcommand loads its own modules.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
