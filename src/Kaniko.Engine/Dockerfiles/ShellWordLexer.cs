using System.Text;

namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// BuildKit's shell lexer for one piece of text: quote removal, escapes, and the parameter
/// expansions $V, ${V}, ${V:-w}, ${V-w}, ${V:+w}, ${V+w}, ${V:?w}, ${V?w}, ${V#p}, ${V##p},
/// ${V%p}, ${V%%p}, ${V/p/r} and ${V//p/r}. Produces the whole expanded text and its words.
/// </summary>
internal sealed class ShellWordLexer(string text, IReadOnlyDictionary<string, string> environment, char escape, ShellLexerMode mode)
{
    private const char End = '\0';
    private int _position;
    private bool _rawEscapes = mode.HasFlag(ShellLexerMode.RawEscapes);

    public (string Text, List<string> Words) Process()
    {
        var words = new ShellWords();
        var result = ProcessUntil([], words, _rawEscapes);
        return (result, words.Finish());
    }

    private bool RawQuotes => mode.HasFlag(ShellLexerMode.RawQuotes);

    private bool SkipUnset => mode.HasFlag(ShellLexerMode.SkipUnset);

    private char Peek => _position < text.Length ? text[_position] : End;

    private bool AtEnd => _position >= text.Length;

    // Reads up to (and past) one of the stop characters; with no stop characters, to the end.
    private string ProcessUntil(ReadOnlySpan<char> stops, ShellWords words, bool rawEscapes)
    {
        var saved = _rawEscapes;
        _rawEscapes = rawEscapes;
        try
        {
            var result = new StringBuilder();
            while (!AtEnd)
            {
                var ch = Peek;
                if (stops.Contains(ch))
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
                    if (_rawEscapes)
                    {
                        result.Append(ch);
                        words.AddLiteral(ch);
                    }

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

            if (stops.Length > 0)
            {
                throw Error($"unexpected end of statement while looking for matching {stops[^1]}");
            }

            return result.ToString();
        }
        finally
        {
            _rawEscapes = saved;
        }
    }

    private string SingleQuoted()
    {
        var close = text.IndexOf('\'', _position + 1);
        if (close < 0)
        {
            throw Error("unexpected end of statement while looking for matching single-quote");
        }

        var literal = RawQuotes ? text[_position..(close + 1)] : text[(_position + 1)..close];
        _position = close + 1;
        return literal;
    }

    private string DoubleQuoted()
    {
        var result = new StringBuilder();
        if (RawQuotes)
        {
            result.Append('"');
        }

        _position++;
        while (!AtEnd)
        {
            var ch = Peek;
            if (ch == '"')
            {
                _position++;
                if (RawQuotes)
                {
                    result.Append('"');
                }

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
                if (_rawEscapes)
                {
                    result.Append(ch);
                }

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
            if (plainName.Length == 0)
            {
                return "$";
            }

            var (plainValue, plainSet) = Lookup(plainName);
            return !plainSet && SkipUnset ? "$" + plainName : plainValue;
        }

        _position++;
        if (AtEnd)
        {
            throw Error("syntax error: missing '}'");
        }

        if (Peek is '{' or '}' or ':')
        {
            throw Error("syntax error: bad substitution");
        }

        var name = Name();
        var (value, isSet) = Lookup(name);
        if (AtEnd)
        {
            throw Error("syntax error: missing '}'");
        }

        var modifier = text[_position++];
        switch (modifier)
        {
            case '}':
                return !isSet && SkipUnset ? "${" + name + "}" : value;
            case '/':
                return Replace(name, value, isSet);
        }

        var colon = modifier == ':';
        if (colon)
        {
            modifier = AtEnd ? End : text[_position++];
        }

        var modifierText = (colon ? ":" : string.Empty) + modifier;
        if (modifier is not ('-' or '+' or '?' or '#' or '%') || (colon && modifier is '#' or '%'))
        {
            throw Error($"unsupported modifier ({modifierText}) in substitution");
        }

        var word = ModifierWord(['}'], rawEscapes: modifier is '#' or '%');
        if (!isSet && SkipUnset)
        {
            return "${" + name + modifierText + word + "}";
        }

        var isUsable = isSet && !(colon && value.Length == 0);
        switch (modifier)
        {
            case '-':
                return isUsable ? value : word;
            case '+':
                return isUsable ? word : string.Empty;
            case '?':
                if (!isSet)
                {
                    throw Error($"{name}: {(word.Length > 0 ? word : "is not allowed to be unset")}");
                }

                return isUsable ? value : throw Error($"{name}: {(word.Length > 0 ? word : "is not allowed to be empty")}");
            default:
                var longest = word.StartsWith(modifier);
                var pattern = ShellPattern.Parse(longest ? word[1..] : word, Error);
                return modifier == '#' ? pattern.TrimPrefix(value, longest) : pattern.TrimSuffix(value, longest);
        }
    }

    // ${V/p/r} replaces the first longest match of p, ${V//p/r} every match.
    private string Replace(string name, string value, bool isSet)
    {
        var all = Peek == '/';
        if (all)
        {
            _position++;
        }

        var pattern = ModifierWord(['/', '}'], rawEscapes: true);
        var replacement = text[_position - 1] == '/' ? ModifierWord(['}'], rawEscapes: false) : string.Empty;
        if (!isSet && SkipUnset)
        {
            return "${" + name + (all ? "//" : "/") + pattern + "/" + replacement + "}";
        }

        return ShellPattern.Parse(pattern, Error).Replace(value, replacement, all);
    }

    private string ModifierWord(char[] stops, bool rawEscapes)
    {
        try
        {
            return ProcessUntil(stops, new ShellWords(), rawEscapes);
        }
        catch (KanikoException) when (AtEnd)
        {
            throw Error("syntax error: missing '}'");
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
