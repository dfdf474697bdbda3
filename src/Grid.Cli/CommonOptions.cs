using System.CommandLine;

namespace Grid.Cli;

/// <summary>Options shared by several commands, with their validation.</summary>
public static class CommonOptions
{
    public const string DefaultEndpoint = "http://127.0.0.1:5000";

    /// <summary><c>--endpoint URL</c>; with <paramref name="required"/> false and no value it is null.</summary>
    public static Option<string?> Endpoint(bool withDefault = true)
    {
        var option = new Option<string?>("--endpoint", "-e")
        {
            Description = withDefault ? "Address of the grid" : "Address of a running grid (default: start an embedded grid in this process)",
            HelpName = "url",
        };
        if (withDefault)
            option.DefaultValueFactory = _ => DefaultEndpoint;
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !IsHttpAddress(value))
                result.AddError($"--endpoint: '{value}' is not an http:// or https:// address");
        });
        return option;
    }

    /// <summary>An integer option that must lie within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<int> Int(string name, int defaultValue, int min, int max, string description)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < min || value > max)
                result.AddError($"{name}: {value} is out of range (expected {min} to {max})");
        });
        return option;
    }

    /// <summary>An integer argument that must lie within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Argument<int> IntArgument(string name, int min, int max, string description)
    {
        var argument = new Argument<int>(name) { Description = description };
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < min || value > max)
                result.AddError($"<{name}>: {value} is out of range (expected {min} to {max})");
        });
        return argument;
    }

    private static bool IsHttpAddress(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
