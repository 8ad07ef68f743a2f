//! The page in an embed (`?embed=1`): the cluster, its time controls, the
//! latest two events (or a scenario's walk, moment by moment) and a link
//! to the full playground, with no header,
//! toolbar or side panels, so that a course page's iframe shows the run
//! itself. A plain function: the app hands it the parts it built.

use crate::ui::view::LogLine;
use yew::prelude::*;

/// What the embed shows, built by the app.
pub struct EmbedParts {
    /// The notice, if any (empty markup if none).
    pub notice: Html,
    /// The unsafe-variant badge's live region (the badge itself only when
    /// a rule is broken).
    pub badge: Html,
    /// The stage's container, measured by the app.
    pub stage_ref: NodeRef,
    /// The most height, in pixels, the cluster can use at the frame's
    /// width: the rest of a tall frame goes to a scenario's walk below it.
    pub stage_most: f64,
    /// The cluster.
    pub stage: Html,
    /// The time controls.
    pub transport: Html,
    /// The newest log lines, unless `log=0` hides the log.
    pub log: Option<Vec<LogLine>>,
    /// What to do first, shown in the log's place while it is empty: a
    /// free-play frame in course notes otherwise opened on idle cards and
    /// no word of what to press.
    pub hint: Option<&'static str>,
    /// A scenario's walk, if it has one: shown instead of the log lines,
    /// which it explains.
    pub walk: Option<Html>,
    /// What is chosen ("Chosen: apple"), if anything is.
    pub chosen: Option<String>,
    /// Whether a safety rule broke (more than one value chosen, or one
    /// chosen with a rule broken on the way): said in red.
    pub split: bool,
    /// The full playground's address for the same run.
    pub open: String,
    /// Back to the moment the embed opened at, if it opened a run or a
    /// scenario (the one its author chose), and whether it is there now.
    pub rewind: Option<(Callback<MouseEvent>, bool)>,
    /// The live region that reads events aloud.
    pub announcer: Html,
}

/// The embed.
pub fn embed_page(parts: EmbedParts) -> Html {
    let EmbedParts {
        notice,
        badge,
        stage_ref,
        stage_most,
        stage,
        transport,
        log,
        hint,
        walk,
        chosen,
        split,
        open,
        rewind,
        announcer,
    } = parts;
    html! {
        // A page of its own inside the frame: a main region and a title,
        // for a screen reader that lands in it.
        <main class={classes!("app", "app--embed")}>
            <h1 class="sr-only">{ "Paxos Playground" }</h1>
            // The notice lies over the cluster's top, under the badge: over
            // the badge, it hid that the run breaks a rule at the very
            // moment it paused to show what broke.
            <div class="embed__top">
                { notice }
                { badge }
            </div>
            // A row of cards scaled to the frame's width needs only part of
            // a tall frame: the walk's text under it had three lines, cut
            // mid-sentence, beside bands of empty frame above and below the
            // cards. Capped, the stage leaves the rest to the walk (see the
            // embed's walk in style.css). The cap is what these cards need
            // at the frame's width, so at the height it gives them the
            // stage lays out the same cards, as large.
            <div class="stage-wrap stage-wrap--embed" ref={stage_ref}
                style={walk.is_some().then(|| format!("max-height:{}px", stage_most.ceil()))}>{ stage }</div>
            { transport }
            if let Some(walk) = walk {
                { walk }
            } else if let (Some(hint), true) = (hint, log.as_ref().is_some_and(Vec::is_empty)) {
                <p class="embed__log embed__hint">{ hint }</p>
            } else if let Some(lines) = log {
                <ol class="embed__log" aria-label="Latest events">
                    { for lines.into_iter().map(|l| html! { <li key={l.index} title={l.text.clone()}>{ l.text }</li> }) }
                </ol>
            }
            <p class="embed__foot">
                <span class={classes!("embed__status", chosen.is_none().then_some("embed__status--open"),
                    split.then_some("embed__status--split"))}>
                    { chosen.unwrap_or_else(|| "Nothing chosen yet".to_string()) }
                </span>
                // Readers who played on can come back to what the notes
                // beside the frame describe, without reloading the page.
                if let Some((onclick, there)) = rewind {
                    // (A phone-width frame shows the arrow alone.) Marked, not
                    // `disabled`, once there, so its focus stays.
                    <button class="button button--ghost embed__rewind" onclick={(!there).then_some(onclick)}
                        aria-disabled={there.then_some("true")}
                        aria-label="Rewind" title="Back to the moment this opened at, to watch it again">
                        <span aria-hidden="true">{ "↺" }</span>
                        <span class="embed__rewind-text" aria-hidden="true">{ "Rewind" }</span>
                    </button>
                }
                // A phone-width frame shows a shorter text, so the status
                // beside it is not cut off; the name stays the same.
                <a class="embed__open" href={open} target="_blank" rel="noopener" aria-label="Open in full playground">
                    <span class="embed__open-long">{ "Open in full playground" }</span>
                    <span class="embed__open-short" aria-hidden="true">{ "Full playground ↗" }</span>
                </a>
            </p>
            { announcer }
        </main>
    }
}
