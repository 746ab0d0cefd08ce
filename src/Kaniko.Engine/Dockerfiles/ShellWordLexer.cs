using System.Text;

namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// BuildKit's shell lexer for one piece of text: quote removal, escapes, and $V, ${V}, ${V:-w},
/// ${V-w}, ${V:+w}, ${V+w}, ${V:?w}, ${V?w}. Produces the whole expanded text and its words.
/// </summary>
internal sealed class ShellWordLexer(string text, IReadOnlyDictionary<string, string> environment, char escape)
{
    private const char End = '\0';
    private int _position;

    public (string Text, List<string> Words) Process()
    {
        var words = new ShellWords();
        var result = ProcessUntil(End, words);
        return (result, words.Finish());
    }

    private char Peek => _position < text.Length ? text[_position] : End;

    private bool AtEnd => _position >= text.Length;

    private string ProcessUntil(char stop, ShellWords words)
    {
        var result = new StringBuilder();
        while (!AtEnd)
        {
            var ch = Peek;
            if (stop != End && ch == stop)
            {
                _position++;
                return result.ToString();
            }

            switch (ch)
            {
                case '\'':
                    var single = SingleQuoted();
                    result.Append(single);
                    words.AddLiteral(single);
                    continue;
                case '"':
                    var quoted = DoubleQuoted();
                    result.Append(quoted);
                    words.AddLiteral(quoted);
                    continue;
                case '$':
                    var value = Dollar();
                    result.Append(value);
                    words.AddSplittable(value);
                    continue;
            }

            _position++;
            if (ch == escape)
            {
                if (AtEnd)
                {
                    // A lone escape at the end is dropped.
                    break;
                }

                var escaped = text[_position++];
                result.Append(escaped);
                words.AddLiteral(escaped);
                continue;
            }

            result.Append(ch);
            words.AddSplittable(ch);
        }

        if (stop != End)
        {
            throw Error($"unexpected end of statement while looking for matching {stop}");
        }

        return result.ToString();
    }

    private string SingleQuoted()
    {
        var close = text.IndexOf('\'', _position + 1);
        if (close < 0)
        {
            throw Error("unexpected end of statement while looking for matching single-quote");
        }

        var literal = text[(_position + 1)..close];
        _position = close + 1;
        return literal;
    }

    private string DoubleQuoted()
    {
        _position++;
        var result = new StringBuilder();
        while (!AtEnd)
        {
            var ch = Peek;
            if (ch == '"')
            {
                _position++;
                return result.ToString();
            }

            if (ch == '$')
            {
                result.Append(Dollar());
                continue;
            }

            _position++;
            if (ch == escape && (Peek == '"' || Peek == '$' || Peek == escape))
            {
                // Inside double quotes only ", $ and the escape itself can be escaped; other escapes stay.
                ch = text[_position++];
            }

            result.Append(ch);
        }

        throw Error("unexpected end of statement while looking for matching double-quote");
    }

    private string Dollar()
    {
        _position++;
        if (Peek != '{')
        {
            var plainName = Name();
            return plainName.Length == 0 ? "$" : Lookup(plainName).Value;
        }

        _position++;
        var name = Name();
        if (name.Length == 0)
        {
            throw Error("bad substitution: a variable name must follow ${");
        }

        var (value, isSet) = Lookup(name);
        if (AtEnd)
        {
            throw Error($"missing '}}' in substitution of {name}");
        }

        var modifier = text[_position++];
        if (modifier == '}')
        {
            return value;
        }

        var colon = modifier == ':';
        if (colon)
        {
            modifier = AtEnd ? End : text[_position++];
        }

        var isUsable = colon ? value.Length > 0 : isSet;
        switch (modifier)
        {
            case '-':
                var fallback = ProcessUntil('}', new ShellWords());
                return isUsable ? value : fallback;
            case '+':
                var alternative = ProcessUntil('}', new ShellWords());
                return isUsable ? alternative : string.Empty;
            case '?':
                var message = ProcessUntil('}', new ShellWords());
                return isUsable ? value : throw Error($"{name}: {(message.Length > 0 ? message : "is not allowed to be unset")}");
            default:
                throw Error($"unsupported modifier ({(colon ? ":" : string.Empty)}{modifier}) in substitution");
        }
    }

    private string Name()
    {
        var start = _position;
        if (char.IsAsciiDigit(Peek))
        {
            while (char.IsAsciiDigit(Peek))
            {
                _position++;
            }

            return text[start.._position];
        }

        if (Peek is '@' or '*' or '#' or '?' or '-' or '$' or '!')
        {
            _position++;
            return text[start.._position];
        }

        while (!AtEnd && (char.IsLetterOrDigit(Peek) || Peek == '_'))
        {
            _position++;
        }

        return text[start.._position];
    }

    private (string Value, bool IsSet) Lookup(string name) =>
        environment.TryGetValue(name, out var value) ? (value, true) : (string.Empty, false);

    private KanikoException Error(string what) =>
        new(DockerfileErrorCode.InvalidWord, $"cannot expand '{text}': {what}");
}
