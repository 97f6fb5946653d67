import { defineMessages } from '../i18n/define.ts'

export const apiMessages = defineMessages({
  en: {
    'api.docs.title': 'API reference',
    'api.docs.version': 'Version {version}',
    'api.docs.download': 'Download the OpenAPI document (JSON)',
    'api.docs.parameters': 'Parameters',
    'api.docs.responses': 'Responses',
  },
  da: {
    'api.docs.title': 'API-reference',
    'api.docs.version': 'Version {version}',
    'api.docs.download': 'Hent OpenAPI-dokumentet (JSON)',
    'api.docs.parameters': 'Parametre',
    'api.docs.responses': 'Svar',
  },
  sv: {
    'api.docs.title': 'API-referens',
    'api.docs.version': 'Version {version}',
    'api.docs.download': 'Hämta OpenAPI-dokumentet (JSON)',
    'api.docs.parameters': 'Parametrar',
    'api.docs.responses': 'Svar',
  },
})
