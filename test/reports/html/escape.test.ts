import t from 'tap';
import { escapeHtml, jsonForScript } from '../../../reports/html/escape.js';

t.test('escapeHtml leaves no markup', async (t) => {
  t.equal(escapeHtml(`<a href="x" title='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  t.equal(escapeHtml('cmd:node my-server.js'), 'cmd:node my-server.js');
});

t.test('jsonForScript cannot close its element and parses back to the value', async (t) => {
  const value = { impl: '</script><!-- & -->', n: [1, 2.5, null] };
  const json = jsonForScript(value);
  t.notMatch(json, /[<>&]/);
  t.same(JSON.parse(json), value);
});
