// What the composition root may use from calls.
export { registerCalls } from './calls.module.js';
export { voiceCallRoutes } from './http/voice-call.routes.js';
