export {
  renderHaproxyConfig,
  HaproxyConfigError,
  STICKINESS_COOKIE,
  type HaproxyState,
  type HaproxyInstance,
  type PreliminaryPage,
  type RenderedHaproxyConfig,
} from './render.ts';
export {
  HaproxySshApplier,
  LoadBalancerApplyError,
  noLoadBalancerApplier,
  DEFAULT_APPLY_COMMAND,
  type LoadBalancerApplier,
  type HaproxySshApplierOptions,
} from './apply.ts';
