import { describe, expect, it } from '@jest/globals'
import { classifyDevice, isPhishingResistant } from '../../src/core/mfa-devices.js'
import type { MfaKind } from '../../src/core/types.js'

describe('classifyDevice', () => {
  it.each<[string, MfaKind]>([
    ['arn:aws:iam::123456789012:mfa/alice', 'virtual'],
    ['arn:aws:iam::123456789012:mfa/path/alice-phone', 'virtual'],
    ['arn:aws:iam::123456789012:mfa/engineering/team/alice.phone@example', 'virtual'],
    ['arn:aws-us-gov:iam::123456789012:mfa/alice', 'virtual'],
    ['arn:aws-cn:iam::123456789012:mfa/alice', 'virtual'],
    ['arn:aws:iam::123456789012:u2f/user/alice/yubikey-ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'fido'],
    ['arn:aws-us-gov:iam::123456789012:u2f/user/alice/yubikey-ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'fido'],
    ['arn:aws-cn:iam::123456789012:u2f/user/alice/passkey-ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'fido'],
    ['GAHT12345678', 'hardware-totp'],
    ['GALT98765432', 'hardware-totp']
  ])('classifies %s as %s', (serial, kind) => {
    expect(classifyDevice(serial)).toBe(kind)
  })

  it.each([
    ['a serial naming u2f without an ARN', 'u2f/user/alice/yubikey-X'],
    ['an ARN whose account is not 12 digits', 'arn:aws:iam::1234:u2f/user/alice/key'],
    ['an empty serial (the SDK left it out)', '']
  ])('does not call %s a security key', (_label, serial) => {
    expect(classifyDevice(serial)).not.toBe('fido')
  })
})

describe('isPhishingResistant', () => {
  it.each<[readonly MfaKind[], boolean]>([
    [['fido'], true],
    [['virtual', 'fido'], true],
    [['hardware-totp', 'virtual', 'fido'], true],
    [['virtual'], false],
    [['hardware-totp'], false],
    [['virtual', 'hardware-totp'], false],
    [[], false]
  ])('judges devices %j phishing-resistant: %p', (kinds, expected) => {
    expect(isPhishingResistant(kinds)).toBe(expected)
  })

  it('agrees with classifyDevice for real serials', () => {
    const kinds = [
      'arn:aws:iam::123456789012:mfa/alice',
      'arn:aws:iam::123456789012:u2f/user/alice/yubikey-ABCDEFGHIJKLMNOPQRSTUVWXYZ'
    ].map(classifyDevice)
    expect(isPhishingResistant(kinds)).toBe(true)
    expect(isPhishingResistant(kinds.slice(0, 1))).toBe(false)
  })
})
