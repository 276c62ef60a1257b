// Demo secrets and data the emulators know about, for the demo page, the merchant backend and
// the tests. None of these is a real credential: they only open the local emulators.

/** UltrapassId: organization key, workflows (with their B2C policies) and the documented errors. */
export const ULTRAPASS = Object.freeze({
  organizationKey: 'upid-demo-org-key-5f2a91c4e7b8',
  /** The workflow the docs show; registration policy. */
  workflowKey: '322dbc7a-0a8a-452a-ba6d-c3e893f29ecc',
  workflows: Object.freeze({
    '322dbc7a-0a8a-452a-ba6d-c3e893f29ecc': Object.freeze({
      policyId: 'B2C_1A_UUID_REGISTRATION',
      heading: 'Create your UltrapassId',
    }),
    'a6f0d1e2-5b7c-4c1e-9d3a-7e2b8c4f1a90': Object.freeze({
      policyId: 'B2C_1A_UUID_SIGNIN',
      heading: 'Sign in with UltrapassId',
    }),
  }),
  /** Not a UUID → 400 "Request not valid". */
  invalidWorkflowKey: 'not-a-uuid',
  /** A well-formed workflow key this organization does not have → 409. */
  unknownWorkflowKey: '0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a',
  /** A workflow whose dependent workflow fails → 424 "Dependent Workflow exception". */
  failingWorkflowKey: 'deadbeef-0424-4424-8424-000000000424',
  /** `GET /uauth/session/{this}` → 424. */
  failingSessionId: '00000000000000000000000000000424',
});

/** ULM Cloud: the optional client token and the demo accounts of `POST /session/start`. */
export const ULM = Object.freeze({
  clientToken: 'ulm-demo-client-token-93d1c0aa',
  /**
   * Each account with its password and what `POST /session/start` answers. Any unknown
   * identifier or wrong password → 401 `authentication-required`.
   */
  accounts: Object.freeze([
    account('ada@example.com', 'correct-horse', 'success', 1, 'signs in: 200, lastStep true'),
    account('grace@example.com', 'battery-staple', 'success', 2, 'signs in: 200, lastStep true'),
    account(
      'steps@example.com',
      'correct-horse',
      'next-step',
      3,
      '200 with lastStep false (the process has another step)',
    ),
    account('locked@example.com', 'correct-horse', 'user-profile-locked', 4, '401 user-profile-locked'),
    account('activating@example.com', 'correct-horse', 'user-activating', 5, '401 user-activating'),
    account('mfa@example.com', 'correct-horse', 'invalid-code', 6, '401 invalid-code (2FA code not valid)'),
  ]),
});

function account(authnIdentifier, credential, outcome, userId, produces) {
  return Object.freeze({ authnIdentifier, credential, outcome, userId, produces });
}

/** Fiskil: bearer token, end users and institutions the emulator knows. */
export const FISKIL = Object.freeze({
  token: 'fsk-demo-bearer-token-2b7e41d9c6',
  /** The `id` (client id) every session of this token reports. */
  clientId: '5qcql2s0bn9qfh1m5qd1sl4gth',
  endUserId: 'eu_2yRHN2ag2y4p8kCtm5DOeccZEXB',
  endUsers: Object.freeze({
    eu_2yRHN2ag2y4p8kCtm5DOeccZEXB: 'Ada Lovelace',
    eu_2yRHQk7dVbX1mZ3pLw9TnGsEfHa: 'Grace Hopper',
  }),
  /** A well-formed end user id that does not exist → 404 end_user_not_found. */
  unknownEndUserId: 'eu_2yRHZZZZZZZZZZZZZZZZZZZZZZZ',
  institutionId: '10',
  institutions: Object.freeze({
    10: 'Emulated Bank',
    11: 'Loopback Credit Union',
    12: 'Localhost Building Society',
  }),
  /** An institution id that does not exist → 400 invalid_institution_id. */
  unknownInstitutionId: '9999',
});

/** ComplyCube: API key (sandbox), clients and workflow templates. */
export const COMPLYCUBE = Object.freeze({
  apiKey: 'test_ccdemo_apikey_7c41e0f2a9b3',
  clientId: '5eb04fcd0f3e360008035eb1',
  clients: Object.freeze({
    '5eb04fcd0f3e360008035eb1': 'Ada Lovelace',
    '5eb04fcd0f3e360008035eb2': 'Grace Hopper',
  }),
  workflowTemplateId: '64b8f3c2a1d4e5f6a7b8c9d0',
  workflowTemplates: Object.freeze({
    '64b8f3c2a1d4e5f6a7b8c9d0': 'Standard identity verification',
  }),
  /** A template that exists but has no active version → 400 on workflowTemplateId. */
  inactiveWorkflowTemplateId: '64b8f3c2a1d4e5f6a7b8c9ff',
  /** A client id that does not exist → 400 "'clientId' is invalid". */
  unknownClientId: '000000000000000000000000',
});
