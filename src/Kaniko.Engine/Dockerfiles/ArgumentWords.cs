using System.Text;

namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// Splits ENV, LABEL and ARG arguments into words on unquoted whitespace, keeping quotes and escapes
/// in the words (they are removed later, at expansion), as BuildKit's parseWords does. An escape at
/// the very end is dropped; an unterminated quote runs to the end.
/// </summary>
internal static class ArgumentWords
{
    public static List<string> Split(string text, char escape)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var hadQuotes = false;
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quote == '\0' && char.IsWhiteSpace(ch))
            {
                if (inWord && (word.Length > 0 || hadQuotes))
                {
                    words.Add(word.ToString());
                }

                word.Clear();
                inWord = false;
                hadQuotes = false;
                continue;
            }

            inWord = true;
            if (ch == escape && quote != '\'')
            {
                if (i + 1 == text.Length)
                {
                    break;
                }

                word.Append(ch).Append(text[++i]);
                continue;
            }

            if (quote == '\0' && ch is '\'' or '"')
            {
                quote = ch;
                hadQuotes = true;
            }
            else if (ch == quote)
            {
                quote = '\0';
            }

            word.Append(ch);
        }

        if (inWord && (word.Length > 0 || hadQuotes))
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
