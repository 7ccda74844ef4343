using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MistralTemplates.Language.Hot;

/// <summary>
/// Reads JSON text into dictionaries, lists, strings, doubles, bools and nulls, for json parameters
/// whose value is written as a string. Iterative, with a nesting limit, so hostile text cannot overflow
/// the stack. (netstandard2.0 has no JSON reader of its own we may use.)
/// </summary>
public static class JsonText
{
    private const int MaxDepth = 256;

    public static bool TryParse(string text, out object? value, out string? error)
    {
        var reader = new Reader(text);
        try
        {
            value = reader.ReadDocument();
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            value = null;
            error = e.Message;
            return false;
        }
    }

    private sealed class Reader
    {
        private readonly string _text;
        private int _pos;

        public Reader(string text) => _text = text;

        public object? ReadDocument()
        {
            // Each open container, with the key waiting for its value when it is an object.
            var stack = new Stack<(object Container, string? PendingKey)>();
            object? result = null;
            while (true)
            {
                SkipSpace();
                object? value;
                var top = stack.Count > 0 ? stack.Peek() : default;
                if (top.Container is Dictionary<string, object?> && top.PendingKey is null)
                {
                    // Expecting a key or the end of the object.
                    if (Peek() == '}' && ((Dictionary<string, object?>)top.Container).Count == 0)
                    {
                        _pos++;
                        value = stack.Pop().Container;
                        if (Attach(stack, value, ref result)) return Finish(result);
                        continue;
                    }
                    var key = ReadString();
                    SkipSpace();
                    Expect(':');
                    stack.Pop();
                    stack.Push((top.Container, key));
                    continue;
                }
                if (top.Container is List<object?> list && list.Count == 0 && Peek() == ']')
                {
                    _pos++;
                    value = stack.Pop().Container;
                    if (Attach(stack, value, ref result)) return Finish(result);
                    continue;
                }
                var c = Peek();
                if (c == '{' || c == '[')
                {
                    if (stack.Count >= MaxDepth) throw Error("nested too deeply");
                    _pos++;
                    stack.Push(c == '{' ? (new Dictionary<string, object?>(StringComparer.Ordinal), null) : (new List<object?>(), null));
                    continue;
                }
                value = ReadScalar();
                if (Attach(stack, value, ref result)) return Finish(result);
            }
        }

        /// <summary>Adds a finished value to its container and closes containers that end; true when the document is done.</summary>
        private bool Attach(Stack<(object Container, string? PendingKey)> stack, object? value, ref object? result)
        {
            while (true)
            {
                if (stack.Count == 0)
                {
                    result = value;
                    return true;
                }
                var (container, key) = stack.Pop();
                if (container is Dictionary<string, object?> map) map[key!] = value;
                else ((List<object?>)container).Add(value);
                stack.Push((container, null));
                SkipSpace();
                var close = container is Dictionary<string, object?> ? '}' : ']';
                if (Peek() == ',')
                {
                    _pos++;
                    return false;
                }
                Expect(close);
                value = stack.Pop().Container;
            }
        }

        private object? Finish(object? result)
        {
            SkipSpace();
            if (_pos < _text.Length) throw Error("extra data after the value");
            return result;
        }

        private object? ReadScalar()
        {
            var c = Peek();
            if (c == '"') return ReadString();
            if (Match("true")) return true;
            if (Match("false")) return false;
            if (Match("null")) return null;
            var start = _pos;
            while (_pos < _text.Length && "+-0123456789.eE".IndexOf(_text[_pos]) >= 0) _pos++;
            if (_pos > start && double.TryParse(_text.Substring(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                return number;
            _pos = start;
            throw Error("expecting a value");
        }

        private string ReadString()
        {
            Expect('"');
            var sb = new StringBuilder();
            while (_pos < _text.Length)
            {
                var c = _text[_pos++];
                if (c == '"') return sb.ToString();
                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }
                if (_pos >= _text.Length) break;
                var e = _text[_pos++];
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'u':
                        if (_pos + 4 > _text.Length || !int.TryParse(_text.Substring(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                            throw Error("invalid \\u escape");
                        sb.Append((char)code);
                        _pos += 4;
                        break;
                    case '"' or '\\' or '/': sb.Append(e); break;
                    default: throw Error("invalid escape");
                }
            }
            throw Error("unterminated string");
        }

        private bool Match(string word)
        {
            if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0) return false;
            _pos += word.Length;
            return true;
        }

        private void Expect(char c)
        {
            if (Peek() != c) throw Error($"expecting '{c}'");
            _pos++;
        }

        private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

        private void SkipSpace()
        {
            while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\r' or '\n') _pos++;
        }

        private FormatException Error(string what) => new($"{what} at character {_pos}");
    }
}
