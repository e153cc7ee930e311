using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Lifetimes;

/// <summary>
/// Desktop and mobile UI code, whose event handlers run once per user action (a click, a tap): at human rate, not
/// request rate. Recognized by the UI frameworks' namespaces (Windows Forms, WPF, WinUI/UWP, MAUI, Xamarin, Avalonia,
/// Android, UIKit, AppKit, Eto, GTK) and by handler names such as <c>btnPrint_Click</c>.
/// </summary>
internal static class UserInterface
{
    private static readonly string[] s_namespaceRoots =
    {
        "System.Windows", "Microsoft.UI", "Windows.UI", "Microsoft.Maui", "Xamarin.Forms", "Xamarin.Essentials", "Avalonia",
        "Android", "UIKit", "AppKit", "Eto", "Gtk", "Terminal.Gui",
    };

    private static readonly string[] s_actionSuffixes = { "_Click", "Click", "Clicked", "_Tapped", "Tapped", "_Pressed", "Pressed" };

    /// <summary>An <c>(object sender, XxxEventArgs e)</c> method of a UI type, taking UI event args, or named like a click handler.</summary>
    public static bool IsUserActionHandler(IMethodSymbol method)
    {
        foreach (var suffix in s_actionSuffixes)
        {
            if (method.Name.EndsWith(suffix, System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return IsUiType(method.ContainingType)
               || (method.Parameters.Length == 2 && IsUiType(method.Parameters[1].Type));
    }

    /// <summary><c>button.Click += (s, e) =&gt; ...</c>: an event of a UI type, or named like a user action.</summary>
    public static bool IsUserActionEvent(IEventAssignmentOperation subscription)
        => subscription.EventReference is IEventReferenceOperation { Event: { } e }
           && (e.Name is "Click" or "Clicked" or "Tapped" or "Pressed" || IsUiType(e.ContainingType));

    /// <summary>A type of a UI framework, or one deriving from one (a window, a form, a page, a control).</summary>
    public static bool IsUiType(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.ContainingNamespace is { IsGlobalNamespace: false } ns && IsUiNamespace(ns))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUiNamespace(INamespaceSymbol ns)
    {
        var outermost = ns;
        while (outermost.ContainingNamespace is { IsGlobalNamespace: false } parent)
        {
            outermost = parent;
        }

        var first = outermost.Name;
        foreach (var root in s_namespaceRoots)
        {
            // Only the roots that start with the namespace's first part can contain it.
            if (root.StartsWith(first, System.StringComparison.Ordinal)
                && (root.Length == first.Length || root[first.Length] == '.')
                && NamespaceNames.IsWithin(ns, root))
            {
                return true;
            }
        }

        return false;
    }
}
