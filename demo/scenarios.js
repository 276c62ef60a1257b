// The playground's "Backend scenario" choices, built from the emulators' demo data: the happy
// path first, then each error a provider documents. `body` is what the page sets as the element's
// `body` property: extra JSON fields that the merchant backend passes on to the provider.
// Server side only (serve.js sends it to the page as JSON).
import { COMPLYCUBE, FISKIL, ULM, ULTRAPASS } from './emulators/index.js';

function scenario(id, label, body = {}, note = '') {
  return { id, label, body, note };
}

export function demoScenarios() {
  const [registration, signIn] = Object.entries(ULTRAPASS.workflows);
  return {
    ultrapass: [
      scenario('registration', `${registration[1].heading} (succeeds)`, {}, `workflowKey ${registration[0]}`),
      scenario('sign-in', `${signIn[1].heading} (succeeds)`, { workflowKey: signIn[0] }, `workflowKey ${signIn[0]}`),
      scenario(
        'invalid',
        '400 Request not valid',
        { workflowKey: ULTRAPASS.invalidWorkflowKey },
        'A workflowKey that is not a UUID.',
      ),
      scenario(
        'unknown-workflow',
        '409 Workflow not valid for this organization',
        { workflowKey: ULTRAPASS.unknownWorkflowKey },
        'A workflow this organization does not have.',
      ),
      scenario(
        'failing-workflow',
        '424 Dependent workflow exception (retryable)',
        { workflowKey: ULTRAPASS.failingWorkflowKey },
        'A workflow whose dependent workflow fails.',
      ),
    ],
    fiskil: [
      scenario(
        'default',
        `${FISKIL.endUsers[FISKIL.endUserId]} at ${FISKIL.institutions[FISKIL.institutionId]} (succeeds)`,
        {},
        `end_user_id ${FISKIL.endUserId}, institution_id ${FISKIL.institutionId}`,
      ),
      scenario(
        'unknown-institution',
        '400 invalid_institution_id',
        { institution_id: FISKIL.unknownInstitutionId },
        `institution_id ${FISKIL.unknownInstitutionId} does not exist.`,
      ),
      scenario(
        'unknown-end-user',
        '404 end_user_not_found',
        { end_user_id: FISKIL.unknownEndUserId },
        `end_user_id ${FISKIL.unknownEndUserId} does not exist.`,
      ),
    ],
    complycube: [
      scenario(
        'default',
        `${COMPLYCUBE.clients[COMPLYCUBE.clientId]}, ${COMPLYCUBE.workflowTemplates[COMPLYCUBE.workflowTemplateId]} (succeeds)`,
        {},
        `clientId ${COMPLYCUBE.clientId}`,
      ),
      scenario(
        'unknown-client',
        "400 invalid_request on 'clientId'",
        { clientId: COMPLYCUBE.unknownClientId },
        'A client that does not exist.',
      ),
      scenario(
        'inactive-template',
        "400 invalid_request on 'workflowTemplateId'",
        { workflowTemplateId: COMPLYCUBE.inactiveWorkflowTemplateId },
        'A workflow template with no active version.',
      ),
    ],
    ulm: [
      ...ULM.accounts.map((account) =>
        scenario(
          account.authnIdentifier,
          `${account.authnIdentifier} — ${account.produces}`,
          { authnIdentifier: account.authnIdentifier, credential: account.credential },
          `Signs in as ${account.authnIdentifier} / ${account.credential}.`,
        ),
      ),
      scenario(
        'wrong-password',
        `${ULM.accounts[0].authnIdentifier} with a wrong password — 401 authentication-required`,
        { authnIdentifier: ULM.accounts[0].authnIdentifier, credential: 'not-the-password' },
        'Any unknown account or wrong password.',
      ),
    ],
  };
}

/** The ULM demo accounts, for the table on the playground. */
export function ulmAccounts() {
  return ULM.accounts.map((account) => ({
    identifier: account.authnIdentifier,
    password: account.credential,
    outcome: account.produces,
  }));
}
