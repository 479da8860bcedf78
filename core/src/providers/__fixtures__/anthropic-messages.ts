/** Our own Messages API fixtures, after the shapes of real api.anthropic.com traffic. */

export const MESSAGE_WITH_CACHE = {
  id: 'msg_fx1',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content: [{ type: 'text', text: 'Done.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: {
    input_tokens: 12,
    cache_creation_input_tokens: 2048,
    cache_read_input_tokens: 8192,
    cache_creation: { ephemeral_5m_input_tokens: 2048, ephemeral_1h_input_tokens: 0 },
    output_tokens: 350,
    output_tokens_details: { thinking_tokens: 200 },
    service_tier: 'standard',
  },
};

/** Generated text of the stream below: thinking, text, tool input JSON (not the signature). */
export const MESSAGES_STREAM_TEXT = ['Let me ', 'check.', 'Hello', ' "world"\n', '{"city": ', '"Paris"}'];

/**
 * A stream with thinking, text and a tool call. message_start reports a partial output count; message_delta the
 * cumulative one. Data lines keep the stray spaces real streams sometimes carry.
 */
export const MESSAGES_STREAM = String.raw`event: message_start
data: {"type":"message_start","message":{"id":"msg_fx2","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":1000,"cache_read_input_tokens":3000,"cache_creation":{"ephemeral_5m_input_tokens":1000,"ephemeral_1h_input_tokens":0},"output_tokens":3,"service_tier":"standard"}}}

event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

event: ping
data: {"type": "ping"}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me "}}   

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"check."}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"c2lnbmF0dXJlLWZpeHR1cmU="}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

event: content_block_start
data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hello"}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":" \"world\"\n"}}

event: content_block_stop
data: {"type":"content_block_stop","index":1}

event: content_block_start
data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}}

event: content_block_delta
data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"city\": "}}

event: content_block_delta
data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"\"Paris\"}"}}

event: content_block_stop
data: {"type":"content_block_stop","index":2}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":87}}

event: message_stop
data: {"type":"message_stop"}

`;

/** Newer API versions repeat input and cache counts in message_delta; a null keeps the earlier value. */
export const MESSAGES_STREAM_REPEATED_USAGE = String.raw`event: message_start
data: {"type":"message_start","message":{"id":"msg_fx3","type":"message","role":"assistant","model":"claude-opus-4-1","content":[],"usage":{"input_tokens":40,"cache_creation_input_tokens":0,"cache_read_input_tokens":500,"output_tokens":1}}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":42,"cache_creation_input_tokens":null,"cache_read_input_tokens":512,"output_tokens":30,"output_tokens_details":{"thinking_tokens":12},"iterations":[{"input_tokens":999,"output_tokens":999,"type":"message"}]}}

event: message_stop
data: {"type":"message_stop"}

`;

/** An error event mid-stream (overloaded): no message_delta follows. */
export const MESSAGES_STREAM_CUT_SHORT = String.raw`event: message_start
data: {"type":"message_start","message":{"id":"msg_fx4","type":"message","role":"assistant","model":"claude-3-5-haiku-20241022","content":[],"usage":{"input_tokens":700,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Partial answ"}}

event: error
data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}

`;
