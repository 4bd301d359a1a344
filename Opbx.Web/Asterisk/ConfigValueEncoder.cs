using System.Text;
using HandlebarsDotNet;

namespace Opbx.Asterisk;

/// <summary>
/// Handlebars' escaping for <c>{{value}}</c>, replaced: instead of HTML entities (meaningless to Asterisk), a hard failure
/// for anything that is not a plain value. Free text can reach a file only through the <c>{{text …}}</c> helper.
/// </summary>
internal sealed class ConfigValueEncoder : ITextEncoder
{
    public void Encode(StringBuilder? text, TextWriter target) => Encode(text?.ToString(), target);

    public void Encode(string? text, TextWriter target) => target.Write(ConfigText.RequirePlain(text ?? "", "Template value"));

    public void Encode<T>(T? text, TextWriter target) where T : IEnumerator<char>
    {
        var builder = new StringBuilder();
        while (text is not null && text.MoveNext()) builder.Append(text.Current);
        Encode(builder.ToString(), target);
    }
}
