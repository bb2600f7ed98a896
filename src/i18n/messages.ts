import type { Language } from '../domain/case';

/** Customer-facing texts of the web app: Dutch first, English second. */
const nl = {
  'site.name': 'Klachten en feedback',
  'lang.switch': 'English',
  'form.title': 'Klacht of feedback doorgeven',
  'form.intro':
    'We horen graag wat er beter kan. Vul het formulier in; je ontvangt binnen 24 uur een bevestiging per e-mail en binnen 5 werkdagen een inhoudelijke reactie.',
  'form.phone':
    'Liever bellen? Via 088 228 9849 krijg je direct een medewerker te spreken.',
  'form.required': 'Velden met * zijn verplicht.',
  'form.caseType': 'Wat wil je doorgeven?',
  'form.caseType.complaint': 'Een klacht',
  'form.caseType.complaint.hint': 'Je bent niet tevreden over onze dienstverlening of producten.',
  'form.caseType.feedback': 'Feedback',
  'form.caseType.feedback.hint': 'Je hebt een tip of idee waarmee we onze dienstverlening of producten kunnen verbeteren.',
  'form.name': 'Naam',
  'form.email': 'E-mailadres',
  'form.email.hint': 'Hierop ontvang je de bevestiging en onze reactie.',
  'form.phoneNumber': 'Telefoonnummer',
  'form.customerNumber': 'Klant- of merchantnummer',
  'form.optional': '(niet verplicht)',
  'form.category': 'Onderwerp',
  'form.category.choose': 'Kies een onderwerp',
  'form.description': 'Omschrijving',
  'form.description.hint': 'Wat is er gebeurd, en wat zou je graag van ons zien? Maximaal 5000 tekens.',
  'form.submit': 'Versturen',
  'form.errors.title': 'Niet alle velden zijn goed ingevuld:',
  'caseType.required': 'Kies of je een klacht of feedback wilt doorgeven.',
  'name.required': 'Vul je naam in.',
  'name.tooLong': 'Je naam mag maximaal 200 tekens lang zijn.',
  'email.required': 'Vul je e-mailadres in.',
  'email.tooLong': 'Het e-mailadres is te lang.',
  'email.invalid': 'Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.',
  'phone.tooLong': 'Het telefoonnummer is te lang.',
  'phone.invalid': 'Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678.',
  'customerNumber.tooLong': 'Het klant- of merchantnummer is te lang.',
  'customerNumber.invalid': 'Het klant- of merchantnummer mag alleen letters, cijfers, spaties, punten, streepjes en schuine strepen bevatten.',
  'category.required': 'Kies een onderwerp.',
  'description.required': 'Beschrijf je klacht of feedback.',
  'description.tooShort': 'Beschrijf je klacht of feedback in minimaal 10 tekens.',
  'description.tooLong': 'De omschrijving mag maximaal 5000 tekens lang zijn.',
  'received.title': 'Bedankt, we hebben je bericht ontvangen',
  'received.reference': 'Je referentienummer is',
  'received.next':
    'Je ontvangt binnen 24 uur een bevestiging per e-mail. Binnen 5 werkdagen hoor je inhoudelijk van ons. Noem je referentienummer als je contact met ons opneemt.',
  'received.again': 'Nog iets doorgeven',
  'error.title': 'Er ging iets mis',
  'error.csrf': 'Het formulier was verlopen. Je gegevens staan nog in het formulier: controleer ze en verstuur het opnieuw.',
  'error.unavailable':
    'We kunnen je bericht nu niet verwerken. Probeer het over een paar minuten opnieuw of bel ons op 088 228 9849.',
  'error.notFound': 'Deze pagina bestaat niet.',
  'error.tooLarge': 'Je bericht is te groot om te versturen. Maak de omschrijving korter.',
  'error.back': 'Naar het formulier',
} as const;

export type MessageKey = keyof typeof nl;

const en: Record<MessageKey, string> = {
  'site.name': 'Complaints and feedback',
  'lang.switch': 'Nederlands',
  'form.title': 'Submit a complaint or feedback',
  'form.intro':
    'We want to hear what we can do better. Fill in the form; you will receive a confirmation by email within 24 hours and a substantive response within 5 working days.',
  'form.phone': 'Prefer to call? On 088 228 9849 you speak to one of our staff straight away.',
  'form.required': 'Fields marked * are required.',
  'form.caseType': 'What would you like to tell us?',
  'form.caseType.complaint': 'A complaint',
  'form.caseType.complaint.hint': 'You are not satisfied with our service or products.',
  'form.caseType.feedback': 'Feedback',
  'form.caseType.feedback.hint': 'You have a tip or idea to help us improve our service or products.',
  'form.name': 'Name',
  'form.email': 'Email address',
  'form.email.hint': 'We send the confirmation and our response here.',
  'form.phoneNumber': 'Phone number',
  'form.customerNumber': 'Customer or merchant number',
  'form.optional': '(optional)',
  'form.category': 'Subject',
  'form.category.choose': 'Choose a subject',
  'form.description': 'Description',
  'form.description.hint': 'What happened, and what would you like us to do? At most 5000 characters.',
  'form.submit': 'Send',
  'form.errors.title': 'Some fields need your attention:',
  'caseType.required': 'Choose whether you are sending a complaint or feedback.',
  'name.required': 'Enter your name.',
  'name.tooLong': 'Your name can be at most 200 characters long.',
  'email.required': 'Enter your email address.',
  'email.tooLong': 'The email address is too long.',
  'email.invalid': 'Enter a valid email address, for example name@example.com.',
  'phone.tooLong': 'The phone number is too long.',
  'phone.invalid': 'Enter a valid phone number, for example +31 6 12345678.',
  'customerNumber.tooLong': 'The customer or merchant number is too long.',
  'customerNumber.invalid': 'The customer or merchant number can only contain letters, digits, spaces, dots, dashes and slashes.',
  'category.required': 'Choose a subject.',
  'description.required': 'Describe your complaint or feedback.',
  'description.tooShort': 'Describe your complaint or feedback in at least 10 characters.',
  'description.tooLong': 'The description can be at most 5000 characters long.',
  'received.title': 'Thank you, we have received your message',
  'received.reference': 'Your reference number is',
  'received.next':
    'You will receive a confirmation by email within 24 hours, and a substantive response within 5 working days. Please mention your reference number when you contact us.',
  'received.again': 'Send something else',
  'error.title': 'Something went wrong',
  'error.csrf': 'The form had expired. What you typed is still in the form: check it and send it again.',
  'error.unavailable': 'We cannot process your message right now. Please try again in a few minutes or call us on 088 228 9849.',
  'error.notFound': 'This page does not exist.',
  'error.tooLarge': 'Your message is too large to send. Please shorten the description.',
  'error.back': 'Back to the form',
};

const MESSAGES: Record<Language, Record<MessageKey, string>> = { nl, en };

export function isMessageKey(key: string): key is MessageKey {
  return key in nl;
}

export function t(language: Language, key: MessageKey): string {
  return MESSAGES[language][key];
}

/** All texts of one language, for the views. */
export function messages(language: Language): Record<MessageKey, string> {
  return MESSAGES[language];
}

export function pickLanguage(value: unknown): Language {
  return value === 'en' ? 'en' : 'nl';
}
