// Types for bench-readme.mjs.
import type { BenchData } from './bench-results.mjs'

export type BlockName = 'cost' | 'scaling'
export const BLOCKS: readonly BlockName[]
/** The contents of README.md's generated blocks, without their markers. */
export function readmeBlocks(data: BenchData): Record<BlockName, string>
/** The content between a block's markers, trimmed; throws when the markers are missing. */
export function readmeBlock(readme: string, name: BlockName): string
/** `readme` with every block's content replaced. */
export function applyReadmeBlocks(readme: string, blocks: Record<BlockName, string>): string
