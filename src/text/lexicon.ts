/** Word lists shared by person detection, quote attribution and stance scoring. Lower-case keys. */
const set = (s: string) => new Set(s.trim().split(/\s+/));

/** Words that make up job titles: "Prime Minister", "Undersecretary of Defense for Policy", "press secretary". */
export const TITLE_WORDS = set(`
  president vice prime minister ministers chancellor secretary undersecretary under deputy foreign defence defense
  interior home finance state press chief commander general admiral marshal field envoy ambassador spokesman spokeswoman
  spokesperson king queen prince princess emperor leader head senator sen rep representative congressman congresswoman governor mayor
  speaker chair chairman chairwoman director officer official diplomat minister's lieutenant colonel major captain
  staff adviser advisor aide negotiator premier pm counsellor councillor commissioner ceo justice judge attorney
  special supreme high national security intelligence army navy air force forces military joint general's policy affairs
  top senior former ex acting interim outgoing incoming new then shadow
`);
/** Words allowed inside a title between title words: "Secretary of State", "Chief of Defence Staff". */
export const TITLE_GLUE = set('of for the');
/** The last word of a person's title, right before the name: "prime minister", "press secretary". */
export const HEAD_TITLES = set(`
  president minister chancellor secretary undersecretary spokesman spokeswoman spokesperson ambassador envoy general admiral
  marshal chief commander leader king queen prince princess emperor director official diplomat adviser advisor aide
  negotiator premier pm commissioner governor mayor senator sen rep representative congressman congresswoman speaker
  chairman chairwoman chair head prosecutor mp mep ceo lawmaker counsellor colonel captain lieutenant
`);
export const HONORIFICS = set('mr mrs ms miss dr sir dame lord lady prof professor rev gen adm col capt sgt');
export const POST_NOMINALS = set('kc qc mp mep jr sr ii iii obe mbe cbe phd');
export const FORMER = set('former ex then outgoing late');

/** Verbs that introduce or qualify speech, in every form we meet in news. */
/** The parts of an actor that speak for it: "China's foreign ministry said", "Pentagon officials say". */
export const ORG_PARTS = set(`
  officials official ministry ministries government administration spokesman spokeswoman spokesperson spokespeople
  leaders leader leadership diplomats diplomat envoy envoys authorities embassy cabinet office department sources
  foreign defence defense interior state military army navy commanders generals negotiators delegation president
  prime minister chancellor
`);
export const SPEECH_VERBS = set(`
  said says say saying told tells telling tell added adds add adding stated states state stating responded responds respond responding
  argue warn insist claim note explain reply admit suggest acknowledge announce agree stress emphasize emphasise urge assure confirm deny
  replied replies replying insisted insists insisting warned warns warning argued argues arguing explained explains
  noted notes noting wrote writes writing asked asks asking declared declares declaring continued admitted admits admitting
  claimed claims claiming conceded concedes cautioned cautions recalled recalls suggested suggests suggesting acknowledged
  acknowledges announced announces announcing agreed agrees tweeted posted remarked remarks stressed stresses stressing
  emphasized emphasised emphasizes emphasises emphasizing emphasising urged urges urging assured assures assuring
  described describes describing termed terms called calls calling characterized characterised characterizes
  vowed vows pledged pledges promised promises predicted predicts confirmed confirms denied denies repeated repeats
  summed put quipped joked complained complains lamented expressed expresses expressing told commented comments
  believes believed thinks thought hinted hints observed observes pointed branded brands dismissed dismisses
  reiterated reiterates concluded admitted maintained maintains maintaining told telling answered answers countered
  labelled labeled labels echoed echoes demanded demands threatened threatens signalled signaled
`);
/** Words that are capitalised at the start of a sentence or in headings but are not names. */
export const NOT_NAMES = set(`
  the a an in on at for but and or nor so yet if when while whilst after before despite although though because since
  however meanwhile moreover furthermore instead initially still also then there here this that these those it its
  he she they we i you his her their our my your him them us me who what which where why how whether both many some any
  all each every no not none one two three four five six seven eight nine ten first second third last next
  according following back earlier later today yesterday tomorrow monday tuesday wednesday thursday friday saturday
  sunday january february march april may june july august september october november december mr mrs ms dr
  as with from by into to of over under about against between among across through during without within upon
  analysts experts officials critics reports report sources diplomats leaders countries nations allies
  ukrainian russian american british french german european western eastern northern southern
  comments comment leave post share read click follow subscribe update updates breaking exclusive analysis opinion
  war peace president prime minister government army security defence defense military nato
`);
export const PREPOSITIONS = set(
  'to on against into toward towards with at in from about over of inside across near upon onto between among within without via than',
);
/** Nouns that make an anonymous source: "one NATO diplomat", "a senior official". */
export const SOURCE_NOUNS = set(`
  diplomat diplomats official officials source sources spokesman spokeswoman spokesperson aide aides analyst analysts expert experts
  minister ministers commander commanders officer officers adviser advisers advisor advisors resident residents soldier soldiers
  lawmaker lawmakers senator senators negotiator negotiators insider insiders observer observers person people statement
`);
/** Words that state a position: commitments, refusals, demands, warnings. Weighted by how plainly they do. */
export const STANCE_CUES = new Map<string, number>([
  ...[
    ...set(`will won't wont shall must cannot can't never refuses refused refuse refusing rejects rejected reject rejecting
    declined declines decline hesitated hesitates hesitate hesitant opposes opposed oppose opposing insists insisted insist
    demands demanded demand warns warned warn warning vows vowed pledged pledges pledge promised promises promise committed
    commit commits willing unwilling ready prepared determined reluctant refusal rejection condemned condemns
    urged urges urge want called calls backs backed supports supported support favours favoring favouring favors advocating
    advocates advocated offered offers offer proposed proposes intends intend intention aims plans wants wanted
    maintained maintains stressed stresses emphasized emphasised characterized characterised described stated declared
    announced confirmed signals signaled signalled accept accepts agreed agrees contribute contributes ruled clear
    position stance threatened threatens sanctions demanded seeks sought consent consented dismissed denied
    insistence readiness willingness reluctance message declaration`),
  ].map((w) => [w, 1] as [string, number]),
  // Party platforms in British news: "the Tories would scrap …", "Labour would abolish …".
  ...[...set('scrap scraps scrapping abolish abolishes abolishing axe')].map((w) => [w, 1] as [string, number]),
  ['would', 0.6],
]);
/** Words that make a line report speculation rather than a stated position. */
export const HEDGES = set(
  'reportedly possibly perhaps might may could likely unlikely whether if speculation rumoured rumored allegedly',
);
/** Nouns after a possessive actor that make the phrase a stated position: "Britain’s message", "Starmer’s declaration". */
export const STANCE_NOUNS = set(`
  message position stance view views declaration statement statements perspective goal goals policy readiness willingness
  reluctance response approach proposal plan plans demand demands offer warning warnings commitment commitments pledge decision
  strategy push remarks insistence refusal objective aim priority priorities red line lines intention intentions opposition
  support position view answer reply condition conditions terms
`);
export const MODALS_AUX = set(
  "has have had is are was were will would won't wont can cannot can't could must should shall may might does did do remains remained appears appeared seems seemed",
);
