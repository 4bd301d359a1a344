using System.Buffers;
using System.Text;

namespace Opbx.Asterisk;

/// <summary>
/// The one writer of text into Asterisk configuration. Two kinds of text reach a generated file:
/// <list type="bullet">
/// <item>plain values (identifiers generated from ids, validated numbers, patterns, addresses, hashes): written only if every
/// character is one of <see cref="PlainCharacters"/>, otherwise the render fails (<see cref="RequirePlain"/>);</item>
/// <item>free text people typed (display names): every character Asterisk could read as syntax — in a .conf file (<c>;</c>
/// comment, <c>[</c> <c>]</c> section, <c>=</c> value, a line break ending anything) or in a dialplan argument (<c>,</c> <c>(</c>
/// <c>)</c> <c>"</c> <c>\</c> <c>$</c> <c>{</c> <c>}</c> <c>&lt;</c> <c>&gt;</c> <c>&amp;</c> <c>|</c>) — and every control character
/// becomes a space (<see cref="Neutralize"/>), so a name can change how it reads but never what the file means.</item>
/// </list>
/// </summary>
public static class ConfigText
{
    /// <summary>What free text may never carry into a generated file.</summary>
    public const string SyntaxCharacters = "\r\n\0;[]=,()\"\\${}<>&|";

    /// <summary>
    /// Every character a plain value may have: letters, digits and <c>_ - . : / @ + * # ! % ^ ~ ?</c> (identifiers, E.164
    /// numbers, feature codes, host names, IPv6 addresses, networks, paths, trunk credentials). No space, nothing of <see cref="SyntaxCharacters"/>.
    /// </summary>
    public const string PlainCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.:/@+*#!%^~?";

    /// <summary>Names are short in Asterisk: caller ID names and mailbox names are cut here.</summary>
    public const int MaxFreeTextLength = 80;

    private static readonly SearchValues<char> Syntax = SearchValues.Create(SyntaxCharacters);
    private static readonly SearchValues<char> Plain = SearchValues.Create(PlainCharacters);

    public static bool IsPlain(ReadOnlySpan<char> value) => !value.ContainsAnyExcept(Plain);

    /// <summary>The value as it is, or a <see cref="ConfigTextException"/> naming where it came from.</summary>
    public static string RequirePlain(string value, string what)
    {
        if (!IsPlain(value))
            throw new ConfigTextException($"{what} \"{Printable(value)}\" is not a plain configuration value; free text must go through {{{{text}}}}.");
        return value;
    }

    /// <summary>Free text made harmless: syntax, control and line-separator characters become spaces, runs of spaces one, cut to length.</summary>
    public static string Neutralize(string? text, int maxLength = MaxFreeTextLength)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var builder = new StringBuilder(Math.Min(text.Length, maxLength + 1));
        var space = true; // drop leading spaces
        foreach (var rune in text.EnumerateRunes())
        {
            var harmless = !(rune.IsBmp && Syntax.Contains((char)rune.Value)) && !Rune.IsControl(rune)
                           && Rune.GetUnicodeCategory(rune) is not (System.Globalization.UnicodeCategory.LineSeparator
                               or System.Globalization.UnicodeCategory.ParagraphSeparator or System.Globalization.UnicodeCategory.Format)
                           && !Rune.IsWhiteSpace(rune);
            if (!harmless)
            {
                if (!space) builder.Append(' ');
                space = true;
                continue;
            }
            if (builder.Length + rune.Utf16SequenceLength > maxLength) break;
            builder.Append(rune.ToString());
            space = false;
        }
        return builder.ToString().TrimEnd();
    }

    private static string Printable(string value) => new(value.Take(60).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
