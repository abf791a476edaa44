import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/settings.schema';
import { consumeFailure, failCodeOf, failNextOf, timingOf } from '../../src/sim-tags';

describe('sim tags', () => {
  it('falls back to the settings when timing tags are absent or invalid', () => {
    const timing = timingOf({ 'sim-control-plane-seconds': 'soon' }, DEFAULT_SETTINGS);
    expect(timing.controlPlaneSeconds).toBe(DEFAULT_SETTINGS.controlPlaneSeconds);
    expect(timing.nodeSeconds('system')).toBe(DEFAULT_SETTINGS.nodeSeconds);
  });

  it('prefers a per-pool node timing over the cluster-wide one', () => {
    const timing = timingOf({ 'sim-node-seconds': '4', 'sim-node-seconds-gpu': '30' }, DEFAULT_SETTINGS);
    expect(timing.nodeSeconds('gpu')).toBe(30);
    expect(timing.nodeSeconds('system')).toBe(4);
  });

  it('counts down sim-fail-next and removes it at zero', () => {
    const tags = { 'sim-fail-next': '2', keep: 'me' };
    expect(failNextOf(tags)).toBe(2);
    const once = consumeFailure(tags);
    expect(once).toEqual({ 'sim-fail-next': '1', keep: 'me' });
    expect(consumeFailure(once)).toEqual({ keep: 'me' });
  });

  it('uses UpgradeFailed unless sim-fail-code names another code', () => {
    expect(failCodeOf({})).toBe('UpgradeFailed');
    expect(failCodeOf({ 'sim-fail-code': 'QuotaExceeded' })).toBe('QuotaExceeded');
  });
});
