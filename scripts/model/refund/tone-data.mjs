// Seeded generator of the refund model's tone task (never reads the evaluation cases).
//
//   generateToneExamples()        -> [{ text, label: "polite" | "rude" | "blaming", group }]
//   generateHeldOutToneExamples() -> the same, from phrasings written apart (the trainer's `novel` set)
//
// Replies are framed as the agent writes them (greeting by first name, the order,
// decision sentences, sign-off), so the frame carries no signal: polite replies keep
// the decision (firm denials, apologies, neutral wording), rude and blaming ones add
// or swap in one sentence (condescension, sarcasm, shouting, insults; the customer
// is at fault). `group` is the sentence template, so whole phrasings are held out.
// Run directly to print counts and samples: node scripts/model/refund/tone-data.mjs
import { createRng } from "../lib/rng.mjs";

export const TONE_LABELS = ["polite", "rude", "blaming"];

const NAMES = ["Maria", "Jonas", "Aiko", "Liam", "Sofia", "Kwame", "Elena", "Omar", "Priya", "Lucas", "Hannah", "Mateo", "Chen", "Fatima", "Noah", "Ines"];
const ITEMS = ["blue mug", "rain jacket", "desk lamp", "hiking boots", "wool socks", "tent", "silk scarf", "kettle", "yoga mat", "headphones", "salad bowl", "linen shirt", "2 x ceramic mug", "action camera"];
const GREETINGS = ["Hi {name},", "Hello {name},", "Dear {name},", "Hi {name},", "Hello,", "Hola {name},", "Bonjour {name},", "Hallo {name},"];
const SIGNOFFS = ["Best regards,\nNorthwind Outfitters customer care", "Kind regards,\nNorthwind Outfitters", "Best regards,\nNorthwind Outfitters customer care", "Thanks,\nThe Northwind team", "Saludos,\nNorthwind Outfitters", "Cordialement,\nNorthwind Outfitters"];
const AMOUNTS = ["$12.00", "$24.50", "$89.99", "$7.25", "$149.00", "$35.80", "$4.99"];

/** The decision sentences, as `reply.ts` says them and in close variants (polite, whatever the decision). */
const DECISIONS = {
  refund: [
    "We have refunded {amount} for {item} from order {order}. You do not need to send anything back. The money should reach your original payment method within a few business days.",
    "We have refunded {amount} for {item} from order {order}. A prepaid return label has been emailed to you; please use it to send the items back.",
    "A member of our team has reviewed your request and we have refunded {amount} from order {order}. The money should reach your original payment method within a few business days.",
    "Good news: {amount} for {item} from order {order} is on its way back to your card. Sorry again for the trouble.",
    "We are sorry the {item} arrived like that. We have refunded {amount} from order {order}, and there is nothing to send back.",
    "Hemos reembolsado {amount} del pedido {order}. No necesita devolver nada.",
    "Nous avons remboursé {amount} pour la commande {order}. Vous n'avez rien à renvoyer.",
  ],
  deny: [
    "Thank you for writing to us about order {order}. We are sorry, but we cannot offer a refund this time: your request reached us after the return window for this item had closed.",
    "Thank you for writing to us about order {order}. We are sorry, but we cannot offer a refund this time: the item was sold as final sale, so it cannot be returned because it did not suit or fit.",
    "Thank you for writing to us about order {order}. We are sorry, but we cannot offer a refund this time: the item is past its one-year warranty.",
    "Thank you for writing to us about order {order}. We are sorry, but we cannot offer a refund this time: our records show the order was delivered by the promised date.",
    "Thank you for writing to us about order {order}. We are sorry, but we cannot offer a refund this time: this item has already been refunded.",
    "Thank you for your message about order {order}. Your parcel is still on its way; if it has not arrived a week after the promised delivery date, please write to us again.",
    "We understand this is disappointing. Unfortunately the {item} from order {order} does not qualify for a refund under our returns policy, because the return window closed on the 30th day.",
    "I have checked order {order} carefully. I am afraid we are not able to refund the {item}, as it was a final sale item. I am sorry this is not the answer you hoped for.",
    "Gracias por escribirnos sobre el pedido {order}. Lo sentimos, pero esta vez no podemos ofrecer un reembolso: el plazo de devolución ya había terminado.",
    "Merci de nous avoir écrit au sujet de la commande {order}. Nous sommes désolés, mais nous ne pouvons pas proposer de remboursement cette fois-ci.",
    "Danke für Ihre Nachricht zu Bestellung {order}. Leider können wir diesmal keine Erstattung anbieten, da die Rückgabefrist abgelaufen ist.",
  ],
  escalate: [
    "Thank you for your message about order {order}. A member of our team will look at your request within one business day and get back to you.",
    "Thanks for getting in touch about order {order}. A colleague will review your request within one business day and reply to you.",
    "Gracias por su mensaje sobre el pedido {order}. Una persona de nuestro equipo revisará su solicitud en un día hábil.",
  ],
  needs_info: [
    "We could not find the order number you gave on your account. Could you check it and send us the order number again? It starts with N- and is in your order confirmation email.",
    "Thank you for writing to us about order {order}. Could you tell us which item or items your request is about, and how many?",
    "Thank you for your message. We could not tell which order you mean: could you send us the order number? It starts with N- and is in your order confirmation email.",
    "We could not find an account with the details in your message. Please write to us from the email address on your account, or include your customer number, and we will look into it.",
    "To help you quickly, could you let us know the order number and which item is affected? A photo of the damage would also help.",
  ],
  out_of_scope: [
    "Thank you for your message. This service handles refunds and returns for Northwind Outfitters orders. For anything else, please contact our customer service team through the Help page on our website, and they will be glad to help.",
  ],
};

/** Courteous extras a polite reply may carry (apologies, empathy, neutral facts). */
const POLITE_EXTRAS = [
  "We apologise for the inconvenience.", "We are sorry this happened.", "Thank you for your patience.", "We appreciate you letting us know.",
  "If anything is unclear, just reply to this email.", "We understand how frustrating this must be.", "Please let us know if we can help with anything else.",
  "Our returns policy is on our website if you would like to read the details.", "We checked the delivery records for you.",
  "Lamentamos las molestias.", "Nous sommes désolés pour ce désagrément.", "Vielen Dank für Ihre Geduld.",
];

/** Rude, condescending, sarcastic or shouting sentences (the customer is not blamed for the problem). */
const RUDE = [
  "Stop wasting our time with this.", "Frankly, we have better things to do than answer emails like yours.", "As we already told you, the answer is no.",
  "We have explained this several times already, so please try to keep up.", "Honestly, what did you expect?", "Do not write to us about this again.",
  "Oh great, another complaint. Just what we needed.", "Congratulations, you found the one thing we will not do.", "Wow, what a surprise, another refund request.",
  "THIS IS NOT GOING TO HAPPEN.", "WE WILL NOT REFUND THIS. DO NOT ASK AGAIN.", "READ THE EMAIL BEFORE YOU REPLY.",
  "Quit whining.", "Grow up.", "Nobody here cares about your mug.", "You are clearly not very bright.", "What a pathetic request.",
  "This is a waste of everyone's time.", "Take it or leave it.", "Don't bother replying.", "Shut up and read the terms.",
  "We are not a charity.", "Try harder next time.", "Spare us the drama.", "Are you seriously asking this again?",
  "Like we said before, no.", "I really don't have time for this.", "Sure, and I'm the Queen of England.", "Nice try.",
  "Get over it.", "Enough with the complaints already.", "Deja de hacernos perder el tiempo.", "Arrête de nous faire perdre notre temps.",
  "Hören Sie auf, uns die Zeit zu stehlen.", "We answer hundreds of emails and yours is the most tiresome.", "Please learn to read.",
  "It is not that hard to understand.", "Maybe ask someone to explain it to you slowly.", "Next time, spare us.", "Seriously?",
];

/** Sentences that put the fault on the customer. */
const BLAMING = [
  "You should have read the policy before ordering.", "Obviously you broke it yourself.", "This happened because you did not follow the instructions.",
  "If you had checked your order, this would not have happened.", "The damage was clearly caused by you.", "You must have dropped it.",
  "It is your responsibility to read the size guide, not ours.", "You waited too long, that is on you.", "You ordered the wrong size, so this is your problem.",
  "Had you paid attention at checkout, you would have seen it was final sale.", "You clearly misused the product.", "This is entirely your own doing.",
  "You typed the wrong address, so the parcel is lost because of you.", "Customers like you who never read the terms cause these problems.",
  "The kettle did not break by itself; you broke it.", "You are the one who chose express shipping and then were not home.",
  "Next time, read before you click buy.", "It was your mistake, not ours.", "You only have yourself to blame.", "That is what happens when you ignore the care label.",
  "You should know better than to wash wool on hot.", "You failed to report it in time.", "The problem is on your end, not ours.",
  "Usted rompió el producto, no nosotros.", "C'est de votre faute si le colis est perdu.", "Sie haben das Produkt selbst beschädigt.",
  "You were careless with it.", "Blame yourself for missing the deadline.", "You did not bother to check the description.", "Anyone who read the page would have known.",
];

/** Shared around rude and blaming sentences of every group, so a held-out phrasing still shares words with training. */
const HARSH_BEFORE = ["", "", "", "Honestly, ", "Frankly, ", "Look, ", "Seriously, ", "Again, ", "Let me be clear: ", "For the last time: "];
const HARSH_AFTER = ["", "", "", " Is that clear?", " Unbelievable.", " Really.", " Thanks for nothing.", " End of discussion.", " Figure it out.", " Not our problem."];
function harsh(rng, s) {
  const before = rng.pick(HARSH_BEFORE);
  const start = before !== "" && !/^[A-Z]{2}/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
  return `${before}${start}${rng.pick(HARSH_AFTER)}`;
}

const fill = (t, v) => t.replace(/\{(\w+)\}/g, (_, k) => v[k]);

function frame(rng) {
  const name = rng.pick(NAMES);
  const vars = { name, order: `N-${10000 + rng.int(90000)}`, item: rng.pick(ITEMS), amount: rng.pick(AMOUNTS) };
  return (b) => `${fill(rng.pick(GREETINGS), vars)}\n\n${fill(b, vars)}\n\n${rng.pick(SIGNOFFS)}`;
}

/** One reply: a decision body (polite), with one rude or blaming sentence placed before, after, or instead of part of it. */
function reply(rng, sentence) {
  const decision = rng.pick(Object.keys(DECISIONS));
  const text = frame(rng);
  let body = rng.pick(DECISIONS[decision]);
  if (rng.chance(0.35)) body = `${body} ${rng.pick(POLITE_EXTRAS)}`;
  if (sentence === null) return text(body);
  sentence = harsh(rng, sentence);
  const where = rng.int(4);
  if (where === 0) return text(`${sentence} ${body}`);
  if (where === 1) return text(`${body} ${sentence}`);
  if (where === 2) return text(sentence);
  return text(`${body.split(". ")[0]}. ${sentence}`);
}

function generate(seed, rudes, blamings, politeGroups, perSentence) {
  const rng = createRng(seed);
  const out = [];
  for (const [i, s] of rudes.entries()) for (let k = 0; k < perSentence; k++) out.push({ text: reply(rng, s), label: "rude", group: `rude:${i}` });
  for (const [i, s] of blamings.entries()) for (let k = 0; k < perSentence; k++) out.push({ text: reply(rng, s), label: "blaming", group: `blaming:${i}` });
  // Polite replies: grouped by their decision sentence, as many as the other two labels together.
  const bodies = Object.entries(DECISIONS).flatMap(([d, list]) => list.map((b, i) => [`${d}:${i}`, b]));
  const total = (rudes.length + blamings.length) * perSentence;
  for (let k = 0; k < total; k++) {
    const [group, body] = bodies[k % bodies.length];
    const text = frame(rng);
    const extra = rng.chance(0.5) ? ` ${rng.pick(POLITE_EXTRAS)}` : "";
    out.push({ text: text(`${body}${extra}`), label: "polite", group: `${politeGroups}:${group}` });
  }
  return out;
}

export function generateToneExamples() {
  return generate(0x70e1, RUDE, BLAMING, "polite", 12);
}

/** Written apart from the training phrasings: the trainer scores the shipped weights on these. */
const NOVEL_RUDE = ["Honestly, this is the silliest email we got all week.", "PLEASE STOP EMAILING US.", "Oh sure, because we have nothing better to do.", "Read our previous message, it is not complicated.", "We are done discussing this."];
const NOVEL_BLAMING = ["You clearly did not read the description before buying.", "The boots wore out because you used them wrong.", "If you had opened the parcel on time, you would still be in the window.", "That crack is from you dropping it."];

export function generateHeldOutToneExamples() {
  return generate(0x70e2, NOVEL_RUDE, NOVEL_BLAMING, "novel-polite", 6);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const all = generateToneExamples();
  const count = (label) => all.filter((e) => e.label === label).length;
  console.log(`tone: ${all.length} (${TONE_LABELS.map((l) => `${l} ${count(l)}`).join(", ")}), novel ${generateHeldOutToneExamples().length}`);
  for (const e of all.filter((_, i) => i % 400 === 0)) console.log(`[${e.label}] ${JSON.stringify(e.text)}`);
}
