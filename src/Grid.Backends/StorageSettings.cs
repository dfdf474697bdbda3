using Microsoft.Extensions.Configuration;

namespace Grid.Backends;

/// <summary>
/// Reads one role's section (for example <c>Grid:Storage:Tables</c>): its <c>Kind</c>, and the settings of
/// that kind under a subsection of the same name. Every error names the full configuration key.
/// </summary>
internal sealed class StorageSettings(IConfigurationSection section, string[] kinds, string defaultKind)
{
    public string Path => section.Path;

    public string Kind
    {
        get
        {
            var kind = section["Kind"];
            if (string.IsNullOrWhiteSpace(kind)) return defaultKind;
            var known = kinds.FirstOrDefault(k => string.Equals(k, kind, StringComparison.OrdinalIgnoreCase));
            return known ?? throw new StorageConfigurationException(
                $"{section.Path}:Kind: '{kind}' is not one of {string.Join(", ", kinds)}");
        }
    }

    /// <summary>The kind's settings bound to <typeparamref name="T"/>, with every key in <paramref name="required"/> present.</summary>
    public T Bind<T>(params string[] required) where T : new()
    {
        var kindSection = section.GetSection(Kind);
        foreach (var key in required)
            if (string.IsNullOrWhiteSpace(kindSection[key]))
                throw new StorageConfigurationException($"{kindSection.Path}:{key} is required when {section.Path}:Kind is {Kind}");
        try
        {
            return kindSection.Get<T>(o => o.ErrorOnUnknownConfiguration = true) ?? new T();
        }
        catch (InvalidOperationException e)
        {
            throw new StorageConfigurationException($"{kindSection.Path}: {e.Message}", e);
        }
    }

    /// <summary>Runs the opening of a backend, turning any failure into an error that names this section.</summary>
    public async Task<T> OpenAsync<T>(Func<Task<T>> open)
    {
        try
        {
            return await open().ConfigureAwait(false);
        }
        catch (StorageConfigurationException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new StorageConfigurationException($"{section.Path} ({Kind}): {e.Message}", e);
        }
    }
}
