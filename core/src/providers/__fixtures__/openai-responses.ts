/** Our own Responses API fixtures, after the shapes of real api.openai.com traffic. */

export const RESPONSE_CACHED_REASONING = {
  id: 'resp_fx1',
  object: 'response',
  created_at: 1_760_000_010,
  status: 'completed',
  model: 'o4-mini-2025-04-16',
  output: [
    { id: 'rs_1', type: 'reasoning', summary: [] },
    { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'The answer is 42', annotations: [] }] },
  ],
  usage: {
    input_tokens: 5200,
    input_tokens_details: { cached_tokens: 4096 },
    output_tokens: 850,
    output_tokens_details: { reasoning_tokens: 640 },
    total_tokens: 6050,
  },
};

/** The generated text of the stream below: reasoning summary, message text, tool arguments (not the audio). */
export const RESPONSES_STREAM_TEXT = ['Plan: ', 'add.', 'The answer ', 'is "42"', '{"x":1}'];

/** With `event:` lines, as api.openai.com sends them. response.created carries zero usage that is not final. */
export const RESPONSES_STREAM = String.raw`event: response.created
data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_fx2","object":"response","created_at":1760000011,"status":"in_progress","model":"gpt-4.1-mini","output":[],"usage":{"input_tokens":0,"input_tokens_details":{"cached_tokens":0},"output_tokens":0,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":0}}}

event: response.in_progress
data: {"type":"response.in_progress","sequence_number":1,"response":{"id":"resp_fx2","object":"response","status":"in_progress","usage":null}}

event: response.reasoning_summary_text.delta
data: {"type":"response.reasoning_summary_text.delta","sequence_number":2,"item_id":"rs_1","output_index":0,"summary_index":0,"delta":"Plan: "}

event: response.reasoning_summary_text.delta
data: {"type":"response.reasoning_summary_text.delta","sequence_number":3,"item_id":"rs_1","output_index":0,"summary_index":0,"delta":"add."}

event: response.output_item.added
data: {"type":"response.output_item.added","sequence_number":4,"output_index":1,"item":{"id":"msg_1","type":"message","role":"assistant","status":"in_progress","content":[]}}

event: response.output_text.delta
data: {"type":"response.output_text.delta","sequence_number":5,"item_id":"msg_1","output_index":1,"content_index":0,"delta":"The answer ","logprobs":[]}

event: response.output_text.delta
data: {"type":"response.output_text.delta","sequence_number":6,"item_id":"msg_1","output_index":1,"content_index":0,"delta":"is \"42\"","logprobs":[]}

event: response.output_text.done
data: {"type":"response.output_text.done","sequence_number":7,"item_id":"msg_1","output_index":1,"content_index":0,"text":"The answer is \"42\"","logprobs":[]}

event: response.function_call_arguments.delta
data: {"type":"response.function_call_arguments.delta","sequence_number":8,"item_id":"fc_1","output_index":2,"delta":"{\"x\":1}"}

event: response.audio.delta
data: {"type":"response.audio.delta","sequence_number":9,"response_id":"resp_fx2","delta":"UklGRiQAAABXQVZFZm10IBAAAAABAAEA"}

event: response.completed
data: {"type":"response.completed","sequence_number":10,"response":{"id":"resp_fx2","object":"response","created_at":1760000011,"status":"completed","model":"gpt-4.1-mini","output":[{"id":"msg_1","type":"message","role":"assistant","status":"completed","content":[{"type":"output_text","text":"The answer is \"42\"","annotations":[]}]}],"usage":{"input_tokens":310,"input_tokens_details":{"cached_tokens":256},"output_tokens":120,"output_tokens_details":{"reasoning_tokens":64},"total_tokens":430}}}

`;

/** The same kind of stream as some proxies relay it: data lines only, the type inside the data. */
export const RESPONSES_STREAM_DATA_ONLY = RESPONSES_STREAM.split('\n')
  .filter((line) => !line.startsWith('event: '))
  .join('\n');

/** A response cut short by max_output_tokens: usage arrives in response.incomplete. */
export const RESPONSES_STREAM_INCOMPLETE = String.raw`event: response.created
data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_fx3","status":"in_progress","usage":null}}

event: response.output_text.delta
data: {"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Once upon"}

event: response.incomplete
data: {"type":"response.incomplete","sequence_number":2,"response":{"id":"resp_fx3","status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},"usage":{"input_tokens":20,"input_tokens_details":{"cached_tokens":0},"output_tokens":16,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":36}}}

`;

/** A failed response still reports what it consumed. */
export const RESPONSES_FAILED_EVENT =
  '{"type":"response.failed","sequence_number":5,"response":{"id":"resp_fx4","status":"failed","error":{"code":"server_error","message":"boom"},"usage":{"input_tokens":900,"input_tokens_details":{"cached_tokens":0},"output_tokens":7,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":907}}}';
