#!/usr/bin/env node
// The `radhus` command. There is no build step: tsx compiles the TypeScript sources as they load.
import { register } from 'tsx/esm/api'

register()
await import(new URL('../src/cli/main.ts', import.meta.url).href)
