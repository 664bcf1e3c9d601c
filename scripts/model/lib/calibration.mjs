/** Temperature scaling: the temperature that minimises the calibration split's negative log-likelihood, on a fixed log grid. */
export function fitTemperature(model, examples, labels) {
  const logits = examples.map((e) => model.logits(e.text));
  const ys = examples.map((e) => labels.indexOf(e.label));
  let best = { temperature: 1, nll: Infinity };
  for (let i = 0; i <= 240; i++) {
    const temperature = Math.exp(Math.log(0.05) + (i / 240) * (Math.log(40) - Math.log(0.05)));
    let nll = 0;
    logits.forEach((z, n) => {
      let max = -Infinity;
      for (const v of z) max = Math.max(max, v / temperature);
      let sum = 0;
      for (const v of z) sum += Math.exp(v / temperature - max);
      nll -= z[ys[n]] / temperature - max - Math.log(sum);
    });
    if (nll < best.nll) best = { temperature, nll };
  }
  return best.temperature;
}
