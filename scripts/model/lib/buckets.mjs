// The sorted bucket list of a hashed-linear task as HashedLinearClassifier.decode reads it:
// varint-encoded deltas, base64. Shared by both trainers so their weights cannot drift apart.
export function encodeBuckets(sorted) {
  const bytes = [];
  let previous = 0;
  for (const bucket of sorted) {
    let delta = bucket - previous;
    previous = bucket;
    while (delta >= 0x80) {
      bytes.push((delta & 0x7f) | 0x80);
      delta >>>= 7;
    }
    bytes.push(delta);
  }
  return Buffer.from(bytes).toString("base64");
}
