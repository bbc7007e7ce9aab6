
import { it, expect } from 'vitest';
import * as O from './_old_strconv.js';
import * as OC from './_old_cast.js';
import * as OR from './_old_resolve.js';
import * as N from '../../src/gotemplate/strconv.js';
import * as NC from '../../src/sprig/cast.js';
import * as NR from '../../src/goencoding/resolve.js';
const alpha = ['0','1','7','8','9','a','f','g','z','A','F','x','X','o','O','b','B','_','+','-','.','e','p','i',' ','K','\u212a','\u0130','9','0'];
function* gen(): Generator<string> {
  yield '';
  for (let len = 1; len <= 4; len++) {
    const idx = new Array(len).fill(0);
    for (;;) {
      yield idx.map((i) => alpha[i]).join('');
      let k = len - 1;
      while (k >= 0 && ++idx[k] === alpha.length) { idx[k] = 0; k--; }
      if (k < 0) break;
    }
  }
  const r = () => alpha[Math.floor(Math.random() * alpha.length)];
  for (let n = 0; n < 300000; n++) { let s = ''; const l = 5 + Math.floor(Math.random() * 20); for (let j = 0; j < l; j++) s += r(); yield s; }
  for (const s of ['9223372036854775807','9223372036854775808','-9223372036854775808','-9223372036854775809','18446744073709551615','18446744073709551616','0x7fffffffffffffff','0xffffffffffffffff','+0x10000000000000000','0777777777777777777777','01777777777777777777777']) yield s;
}
it('equiv', () => {
  let n = 0;
  for (const s of gen()) {
    n++;
    expect([s, N.parseGoInteger(s)]).toEqual([s, O.parseGoInteger(s)]);
    for (const b of [0, 8, 10]) expect([s, b, NC.parseGoInt(s, b)]).toEqual([s, b, OC.parseGoInt(s, b)]);
    expect([s, NC.parseGoFloat(s)]).toEqual([s, OC.parseGoFloat(s)]);
    expect([s, NC.toInt64(s)]).toEqual([s, OC.toInt64(s)]);
    expect([s, NR.resolvePlain(s)]).toEqual([s, OR.resolvePlain(s)]);
    expect([s, NR.resolvePlain(s.replace(/[^0-9a-fxob+_-]/gi,''))]).toEqual([s, OR.resolvePlain(s.replace(/[^0-9a-fxob+_-]/gi,''))]);
  }
  console.log('checked', n);
}, 600000);
