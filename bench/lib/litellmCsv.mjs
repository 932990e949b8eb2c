// A LiteLLM_SpendLogs CSV of n rows, written as a stream (seeded: the same file every run).
// Rows spread over April–June 2026 and five tags, two of which W-01/W-02 of the actuals fixture
// plan claim by tag or team; one in 500 carries a metadata usage_object with cache tokens.
import * as fs from 'node:fs';

const HEADER = 'request_id,call_type,api_key,spend,total_tokens,prompt_tokens,completion_tokens,startTime,endTime,model,model_group,custom_llm_provider,api_base,user,metadata,cache_hit,request_tags,team_id,organization_id,end_user,session_id,status\n';
const TAGS = ['app:support', 'app:search', 'app:support', 'jobID:nightly', 'app:review'];
const TEAMS = ['', 'team-docs', '', '', ''];

export async function writeLitellmCsv(file, n) {
  const out = fs.createWriteStream(file);
  let seed = 42;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const start = Date.UTC(2026, 3, 1);
  const span = Date.UTC(2026, 6, 1) - start;
  let chunk = HEADER;
  for (let i = 0; i < n; i++) {
    const k = i % 5;
    const prompt = 200 + Math.floor(rand() * 4000);
    const completion = 20 + Math.floor(rand() * 800);
    const t = new Date(start + Math.floor((i / n) * span)).toISOString().replace('T', ' ').replace('Z', '');
    const meta = i % 500 === 0 ? `"{""user_api_key_alias"": ""k"", ""usage_object"": {""cache_read_input_tokens"": ${Math.floor(prompt / 2)}}}"` : '{}';
    chunk += `req-${i},acompletion,hash${k},${(prompt * 3e-6 + completion * 15e-6).toFixed(6)},${prompt + completion},${prompt},${completion},${t},${t},claude-sonnet-4-5,sonnet,anthropic,,,${meta},False,"[""${TAGS[k]}""]",${TEAMS[k]},,,s${i % 97},success\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise((r, j) => out.end((e) => (e ? j(e) : r())));
}
