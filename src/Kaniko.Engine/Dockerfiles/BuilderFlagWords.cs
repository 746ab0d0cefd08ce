using System.Text;

namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// Splits the leading "--name[=value]" words off an instruction's arguments, as BuildKit does:
/// quotes are removed and \ escapes; a bare "--" ends the flags; the first word not starting with
/// "--" starts the arguments.
/// </summary>
internal static class BuilderFlagWords
{
    public static (List<string> Flags, string Arguments) Split(string text)
    {
        var flags = new List<string>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i + 1 >= text.Length || text[i] != '-' || text[i + 1] != '-')
            {
                return (flags, text[i..]);
            }

            var (word, hadQuotes, end) = Word(text, i);
            i = end;
            if (word == "--")
            {
                return (flags, text[i..].TrimStart());
            }

            if (word.Length > 0 || hadQuotes)
            {
                flags.Add(word);
            }
        }
    }

    private static (string Word, bool HadQuotes, int End) Word(string text, int start)
    {
        var word = new StringBuilder();
        var quote = '\0';
        var hadQuotes = false;
        var i = start;
        for (; i < text.Length; i++)
        {
            var ch = text[i];
            if (quote == '\0' && char.IsWhiteSpace(ch))
            {
                break;
            }

            if (ch == '\\')
            {
                if (i + 1 < text.Length)
                {
                    word.Append(text[++i]);
                }

                continue;
            }

            if (quote == '\0' && ch is '\'' or '"')
            {
                quote = ch;
                hadQuotes = true;
            }
            else if (quote != '\0' && ch == quote)
            {
                quote = '\0';
            }
            else
            {
                word.Append(ch);
            }
        }

        return (word.ToString(), hadQuotes, i);
    }
}
