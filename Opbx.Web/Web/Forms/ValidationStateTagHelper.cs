using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Opbx.Web.Forms;

/// <summary>
/// Marks a form control with a server-side error: Bootstrap's is-invalid, aria-invalid, and aria-describedby
/// pointing at the message element rendered by asp-validation-for, so screen readers read the error with the field.
/// </summary>
[HtmlTargetElement("input", Attributes = "asp-for")]
[HtmlTargetElement("select", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
public sealed class ValidationStateTagHelper : TagHelper
{
    public override int Order => 1000;

    [HtmlAttributeName("asp-for")] public required ModelExpression For { get; set; }

    [ViewContext, HtmlAttributeNotBound] public required ViewContext ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        if (ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) && entry.Errors.Count > 0)
        {
            // The input tag helper may already have merged its own class into an HtmlContent value (it adds
            // input-validation-error on the same fields), whose ToString() is a type name: AddClass merges either form.
            output.AddClass("is-invalid", HtmlEncoder.Default);
            output.Attributes.SetAttribute("aria-invalid", "true");
            // The error joins the field's own help text (if any) rather than replacing it.
            var help = Text(output.Attributes["aria-describedby"]?.Value);
            var error = TagBuilder.CreateSanitizedId(name, "_") + "-error";
            output.Attributes.SetAttribute("aria-describedby", string.IsNullOrEmpty(help) ? error : help + " " + error);
        }
    }

    private static string? Text(object? value)
    {
        if (value is not IHtmlContent html) return value?.ToString();
        using var writer = new StringWriter();
        html.WriteTo(writer, NullHtmlEncoder.Default);
        return writer.ToString();
    }
}
