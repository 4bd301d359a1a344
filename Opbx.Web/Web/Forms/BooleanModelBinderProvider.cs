using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Opbx.Web.Forms;

/// <summary>
/// Binds on/off fields (checkboxes). A value other than true or false (only a hand-made request sends one) becomes a field
/// error, and its raw text is kept out of the form state: re-rendering a checkbox parses that state as a boolean, so the
/// text would otherwise throw (FormatException) and answer 500 instead of showing the error.
/// </summary>
public sealed class BooleanModelBinderProvider : IModelBinderProvider
{
    public const string Message = "Choose on or off.";

    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        (Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType) == typeof(bool) ? new Binder() : null;

    private sealed class Binder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext context)
        {
            var sent = context.ValueProvider.GetValue(context.ModelName);
            if (sent == ValueProviderResult.None) return Task.CompletedTask;
            // A checkbox posts "true" and its hidden twin "false": the first value is the box's, as in the framework's own binder.
            var text = sent.FirstValue?.Trim();
            if (string.IsNullOrEmpty(text) && context.ModelMetadata.IsReferenceOrNullableType)
            {
                context.ModelState.SetModelValue(context.ModelName, sent);
                context.Result = ModelBindingResult.Success(null);
            }
            else if (bool.TryParse(text, out var value))
            {
                context.ModelState.SetModelValue(context.ModelName, sent);
                context.Result = ModelBindingResult.Success(value);
            }
            else
            {
                context.ModelState.SetModelValue(context.ModelName, rawValue: null, attemptedValue: null);
                context.ModelState.TryAddModelError(context.ModelName, Message);
                context.Result = ModelBindingResult.Failed();
            }
            return Task.CompletedTask;
        }
    }
}
