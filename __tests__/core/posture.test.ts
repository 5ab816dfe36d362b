import { describe, expect, it } from '@jest/globals'
import { gradeFor } from '../../src/core/posture.js'

describe('gradeFor', () => {
  it.each([
    [100, 'A'],
    [95, 'A'],
    [94.9, 'B'],
    [85, 'B'],
    [70, 'C'],
    [50, 'D'],
    [49.9, 'F']
  ])('grades %p as %p', (score, grade) => {
    expect(gradeFor(score)).toBe(grade)
  })
})
