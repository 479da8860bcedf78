/**
 * Phrasings of the three classic attacks. Each pattern is a short chain of word alternatives joined by
 * bounded gaps (`[\s\S]{0,40}` never spans more than a sentence fragment), so matching is linear.
 */
export interface InjectionPattern {
  type: 'INSTRUCTION_OVERRIDE' | 'ROLE_PLAY' | 'SYSTEM_PROMPT_EXTRACTION';
  /**
   * Lower-case whole words one of which every match contains. Patterns run only near these words, and no
   * match is longer than MAX_MATCH characters.
   */
  anchors: readonly string[];
  pattern: RegExp;
}

/** Upper bound on the length of any pattern match (every gap and word in the patterns is bounded). */
export const MAX_MATCH = 240;

const OVERRIDE_VERBS = ['ignore', 'disregard', 'forget', 'override', 'bypass'];

const W = '[ \\t]{1,3}';
const DETS = `(?:(?:all|any|the|your|my|these|those|every|of|previous|prior|above|preceding|earlier|former|initial|original|old|system|developer|safety)${W}){0,4}`;
const RULES = '(?:instructions?|prompt(?:s|ing)?|rules|directions|guidelines|directives|commands|constraints|restrictions|programming|policies|filters)';

export const INJECTION_PATTERNS: readonly InjectionPattern[] = [
  { anchors: OVERRIDE_VERBS, type: 'INSTRUCTION_OVERRIDE', pattern: new RegExp(`\\b(?:ignore|disregard|forget|override|bypass)${W}${DETS}(?:previous|prior|above|preceding|earlier|initial|original|system|safety)${W}(?:\\w{1,20}${W}){0,1}${RULES}\\b`, 'gi') },
  { anchors: ['ignore', 'disregard', 'forget'], type: 'INSTRUCTION_OVERRIDE', pattern: new RegExp(`\\b(?:ignore|disregard|forget)${W}(?:all|everything)${W}(?:(?:you|that|i)${W}(?:were|was|have been|have)${W})?(?:told|said|instructed|written|given)?${W}?(?:before|above|previously|earlier|so far)\\b`, 'gi') },
  { anchors: ['follow', 'obey'], type: 'INSTRUCTION_OVERRIDE', pattern: new RegExp(`\\b(?:do not|don't|stop)${W}(?:follow|obey)(?:ing)?${W}${DETS}${RULES}\\b`, 'gi') },
  { anchors: OVERRIDE_VERBS, type: 'INSTRUCTION_OVERRIDE', pattern: new RegExp(`\\b(?:ignore|disregard|forget|bypass)${W}(?:any|all|the|your|these)${W}(?:other${W})?${RULES}(?:${W}(?:above|before|so far))?\\b`, 'gi') },
  { anchors: ['ignore', 'disregard', 'forget'], type: 'INSTRUCTION_OVERRIDE', pattern: new RegExp(`\\b(?:ignore|disregard|forget)${W}(?:all${W})?(?:of${W})?(?:the${W}|your${W})?(?:above|previous|preceding|prior)\\b`, 'gi') },
  { anchors: ['instructions'], type: 'INSTRUCTION_OVERRIDE', pattern: /(?:previous|prior|above|earlier|old)[ \t]{1,3}instructions[ \t]{1,3}(?:are|were|is)[ \t]{1,3}(?:now[ \t]{1,3})?(?:false|void|invalid|cancell?ed|obsolete|wrong|outdated|revoked)\b/gi },
  { anchors: ['instruction', 'instructions'], type: 'INSTRUCTION_OVERRIDE', pattern: /\b(?:new|updated|real)[ \t]{1,3}(?:system[ \t]{1,3})?instructions?(?:[ \t]{0,3}:|[ \t]{1,3}(?:to|for)[ \t]{1,3}(?:the[ \t]{1,3})?(?:chat[ \t]{1,3})?(?:assistant|ai|model|bot))/gi },
  { anchors: ['instructions', 'reprogramming', 'mode'], type: 'INSTRUCTION_OVERRIDE', pattern: /\b(?:end[ \t]{1,3}(?:of[ \t]{1,3})?(?:out[ \t]of[ \t]date|old|previous|prior)[ \t]{1,3}instructions|reprogramming|(?:safe|safety)[ \t]{1,3}mode[ \t]{1,3}(?:off|disabled)|(?:god|admin|debug)[ \t]{1,3}mode[ \t]{1,3}(?:on|enabled|activated))\b/gi },
  { anchors: ['now'], type: 'ROLE_PLAY', pattern: /\byou[ \t]{1,3}are[ \t]{1,3}now[ \t]{1,3}(?:a|an|the|my|in|free|no[ \t]longer)\b/gi },
  { anchors: ['grandmother', 'grandma', 'granny'], type: 'ROLE_PLAY', pattern: /\b(?:pretend|act|role-?play)[ \t]{1,3}(?:to[ \t]{1,3}be[ \t]{1,3}|as[ \t]{1,3}|like[ \t]{1,3})?my[ \t]{1,3}(?:(?:dead|deceased|late)[ \t]{1,3})?(?:grandmother|grandma|granny)\b/gi },
  { anchors: ['anything', 'mode', 'jailbroken'], type: 'ROLE_PLAY', pattern: /\b(?:do[ \t]{1,3}anything[ \t]{1,3}now|developer[ \t]{1,3}mode[ \t]{1,3}(?:enabled|output|on)|jailbroken|DAN[ \t]{1,3}mode)\b/gi },
  { anchors: ['dan', 'unrestricted', 'unfiltered', 'uncensored', 'jailbroken', 'amoral', 'evil'], type: 'ROLE_PLAY', pattern: new RegExp(`\\b(?:you are|you're|act as|pretend(?: to be| you are)|role-?play as|become)${W}(?:now${W})?(?:an?${W}|the${W})?(?:DAN|unrestricted|unfiltered|uncensored|jailbroken|amoral|evil)\\b`, 'gi') },
  { anchors: ['ethical', 'moral', 'content'], type: 'ROLE_PLAY', pattern: /\b(?:free (?:from|of)|without|no|not bound by)[ \t]{1,3}(?:any[ \t]{1,3})?(?:ethical|moral|content)[ \t]{1,3}(?:guidelines|restrictions|constraints|policies|filters|limitations)\b/gi },
  { anchors: ['prompt', 'preprompt', 'instructions', 'message'], type: 'SYSTEM_PROMPT_EXTRACTION', pattern: new RegExp(`\\b(?:reveal|show|print|repeat|output|display|tell me|give me|leak|dump|recite|what (?:is|are|was|were))${W}(?:me${W})?(?:your|the)${W}(?:(?:full|entire|complete|original|initial|hidden|secret|exact)${W}){0,2}(?:system${W}(?:prompt|message|instructions)|initial${W}instructions|hidden${W}instructions|pre-?prompt|instructions${W}(?:above|you were given))\\b`, 'gi') },
  { anchors: ['instructions'], type: 'SYSTEM_PROMPT_EXTRACTION', pattern: new RegExp(`\\b(?:list|show|print|repeat|reveal|tell|give|output|display|write|relay)${W}(?:me${W})?(?:all${W})?(?:of${W})?your${W}(?:\\w{1,20}${W}){0,2}instructions\\b`, 'gi') },
  // "ignore the instructions", "forget all documents", "disregard everything": the bare command, no "previous".
  { anchors: ['ignore', 'disregard', 'forget'], type: 'INSTRUCTION_OVERRIDE',
    pattern: /\b(?:ignore|disregard|forget)(?:[ \t]{1,3}about)?[ \t]{1,3}(?:(?:all|any|the|your|my|previous|prior|above|these|those|of)[ \t]{1,3}){0,3}(?:instructions?|directions|rules|guidelines|context|documents?|everything|assignments|tasks|information)\b/gi },
  // Goal hijacking: "Now focus on your new task:", "Now new tasks follow", "neue Aufgabe:".
  { anchors: ['task', 'tasks', 'aufgabe', 'aufgaben'], type: 'INSTRUCTION_OVERRIDE',
    pattern: /\b(?:(?:your|a|the)[ \t]{1,3}new[ \t]{1,3}task[ \t]{0,3}:|new[ \t]{1,3}tasks?[ \t]{1,3}follows?|neue[ \t]{1,3}aufgaben?[ \t]{0,3}(?::|folgen))/gi },
  // Chat-template role markers inside data ("[system]", "<|im_start|>system", a line "Assistant:"): a document or
  // tool result has no business speaking as the system or the assistant.
  { anchors: ['system', 'assistant', 'admin', 'instruction', 'instructions', 'inst', 'im_start', 'endoftext'], type: 'INSTRUCTION_OVERRIDE',
    pattern: /\[(?:system|assistant|admin|instructions?|inst)\]|<\|?(?:im_start|system|endoftext)\|?>|(?:^|\n)[ \t]{0,3}#{0,3}[ \t]{0,2}(?:system|assistant)[ \t]{0,2}:/gi },
  // German, French and Spanish overrides: "ignoriere alle vorherigen Anweisungen", "ignorez les instructions
  // précédentes", "olvida todas las instrucciones". Letters are matched as \p{L} so umlauts and accents count.
  { anchors: ['ignoriere', 'ignorieren', 'vergiss', 'vergessen', 'missachte'], type: 'INSTRUCTION_OVERRIDE',
    pattern: /\b(?:ignoriere|ignorieren|vergiss|vergessen|missachte)(?:[ \t]{1,3}sie)?[ \t]{1,3}(?:\p{L}{1,20}[ \t]{1,3}){0,3}(?:anweisungen|instruktionen|befehle|regeln|vorgaben|aufgaben|aufträge|angaben|informationen|alles)(?![\p{L}])/giu },
  { anchors: ['ignore', 'ignorez', 'ignorer', 'oublie', 'oubliez', 'oublier'], type: 'INSTRUCTION_OVERRIDE',
    pattern: /\b(?:ignore[rz]?|oublie[rz]?)[ \t]{1,3}(?:toutes?[ \t]{1,3})?(?:les|tes|vos)[ \t]{1,3}(?:\p{L}{1,20}[ \t]{1,3}){0,2}(?:instructions|consignes|règles|directives)(?![\p{L}])/giu },
  { anchors: ['ignora', 'ignore', 'olvida', 'olvide'], type: 'INSTRUCTION_OVERRIDE',
    pattern: /\b(?:ignora|ignore|olvida|olvide)[ \t]{1,3}(?:todo[ \t]{1,3}(?:lo[ \t]{1,3})?que|todas[ \t]{1,3}las[ \t]{1,3}instrucciones|las[ \t]{1,3}instrucciones)(?![\p{L}])/giu },
  { anchors: ['above'], type: 'SYSTEM_PROMPT_EXTRACTION', pattern: /\brepeat[ \t]{1,3}(?:the[ \t]{1,3})?(?:words|text|everything)[ \t]{1,3}above\b/gi },
];

/**
 * Chinese overrides ("忽略之前的所有指令", "无视以上规则"). Written without spaces or word boundaries, so they
 * run as one literal-led pattern over the whole text; every gap is bounded, so the scan stays linear.
 */
export const CJK_OVERRIDE = /(?:忽略|无视|忽视|不要理会|不要遵守|忘记|忘掉)[^。！？\n]{0,12}(?:指令|指示|说明|规则|提示|要求|设定)/g;
