// setTimeout/setInterval/clear* and queueMicrotask (HTML §8.6-8.7), Workers' scheduler.wait.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test("setTimeout runs the callback with arguments", async () => {
  const got = await new Promise((resolve) => setTimeout((a, b) => resolve([a, b]), 5, "x", 2));
  assertDeepEquals(got, ["x", 2]);
});

test("setTimeout returns distinct positive integer ids", () => {
  const a = setTimeout(() => {}, 1000);
  const b = setTimeout(() => {}, 1000);
  assert(Number.isInteger(a) && a > 0);
  assert(a !== b);
  clearTimeout(a);
  clearTimeout(b);
});

test("clearTimeout cancels", async () => {
  let ran = false;
  const id = setTimeout(() => { ran = true; }, 5);
  clearTimeout(id);
  await sleep(20);
  assertEquals(ran, false);
});

test("clearTimeout ignores unknown ids and no argument", () => {
  clearTimeout(999999);
  clearTimeout();
  clearInterval(undefined);
});

test("timers fire in delay order", async () => {
  const order = [];
  setTimeout(() => order.push(30), 30);
  setTimeout(() => order.push(1), 1);
  setTimeout(() => order.push(10), 10);
  await sleep(60);
  assertDeepEquals(order, [1, 10, 30]);
});

test("setInterval repeats until cleared", async () => {
  let n = 0;
  await new Promise((resolve) => {
    const id = setInterval(() => {
      n++;
      if (n === 3) { clearInterval(id); resolve(); }
    }, 2);
  });
  await sleep(20);
  assertEquals(n, 3);
});

test("clearTimeout and clearInterval share the id space", async () => {
  let n = 0;
  const id = setInterval(() => n++, 2);
  clearTimeout(id);
  await sleep(15);
  assertEquals(n, 0);
});

test("negative, NaN and missing delays mean zero", async () => {
  const order = [];
  setTimeout(() => order.push("neg"), -10);
  setTimeout(() => order.push("nan"), NaN);
  setTimeout(() => order.push("none"));
  await sleep(10);
  assertDeepEquals(order.sort(), ["nan", "neg", "none"]);
});

test("string handlers are rejected (no eval in Workers)", () => {
  assertThrows(() => setTimeout("1+1", 0), TypeError);
});

test("a throwing callback does not break later timers", async () => {
  setTimeout(() => { throw new Error("in timer"); }, 1);
  let ok = false;
  setTimeout(() => { ok = true; }, 5);
  await sleep(15);
  assertEquals(ok, true);
});

test("queueMicrotask runs before timers and after the current task", async () => {
  const order = [];
  setTimeout(() => order.push("timeout"), 0);
  queueMicrotask(() => order.push("micro"));
  order.push("sync");
  await sleep(10);
  assertDeepEquals(order, ["sync", "micro", "timeout"]);
  assertThrows(() => queueMicrotask("x"), TypeError);
  assertThrows(() => queueMicrotask(), TypeError);
});

test("scheduler.wait resolves after the delay and honours an abort signal", async () => {
  const start = Date.now();
  await scheduler.wait(10);
  assert(Date.now() - start >= 8);
  const c = new AbortController();
  const p = scheduler.wait(1000, { signal: c.signal });
  c.abort("stop");
  assertEquals(await p.catch((e) => e), "stop");
});

test("timer globals are enumerable functions", () => {
  for (const name of ["setTimeout", "setInterval", "clearTimeout", "clearInterval", "queueMicrotask"]) {
    const d = Object.getOwnPropertyDescriptor(globalThis, name);
    assertEquals(typeof d.value, "function", name);
    assertEquals(d.enumerable, true, name);
  }
});
