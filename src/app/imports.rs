//! 「お知らせの文面から予定を追加…」 in the running app: the clipboard read off the loop, the question asked (the
//! core words it: [`onshi_tray_core::offer`]), the windows added to the user's file only on 追加する (はい), and
//! 「追加した予定を取り消す」. What was added is kept in `last-import.json` in the data folder, so that the undo
//! survives a restart.

use std::path::{Path, PathBuf};

use onshi_tray_core::offer;

use super::{App, AppEvent, Load};
use crate::import::{self, Found, NotFound, Record};
use crate::platform::{clipboard, disk, notify};

/// The tray's import: what waits for an answer, and where the last one is kept for its undo.
pub struct Imports {
    waiting: Option<Found>,
    record: PathBuf,
    /// A record is there to take back.
    pub imported: bool,
}

impl Imports {
    pub fn new(data_dir: &Path) -> Imports {
        let record = data_dir.join("last-import.json");
        let imported = Record::load(&record).is_some();
        Imports { waiting: None, record, imported }
    }
}

impl App {
    /// The menu's import item: the clipboard is read and the announcement read on a thread of their own (a
    /// clipboard owner that does not answer, or a 50-page PDF, never holds up the loop).
    pub(super) fn import_from_clipboard(&mut self) {
        let proxy = self.proxy.clone();
        let today = self.clock.now().with_timezone(&onshi_tray_core::config::JST).date_naive();
        let spawned = std::thread::Builder::new().name("import".to_string()).spawn(move || {
            let found = match clipboard::read() {
                Ok(clip) => import::from_clip(clip, today),
                Err(reason) => Err(NotFound { why: offer::Nothing::Clipboard, reason }),
            };
            let _ = proxy.send_event(AppEvent::Announcement(Box::new(found)));
        });
        if let Err(err) = spawned {
            log::error!("cannot start reading the clipboard: {err}");
        }
    }

    /// What the clipboard held, read: the question (nothing changes until it is answered), or why there is none.
    pub(super) fn announcement_read(&mut self, found: Result<Found, NotFound>) {
        let language = self.config.language;
        let found = match found {
            Ok(found) => found,
            Err(NotFound { why, reason }) => {
                log::info!("import: nothing to add ({reason})");
                self.send(offer::nothing_found(why, language), "import: nothing found".to_string());
                return;
            }
        };
        let offered: Vec<offer::Offered> = found.windows.iter().filter_map(import::offered).collect();
        log::info!("import: {} window(s) found in {}, asking", offered.len(), found.source);
        let question = offer::question(&offered, language);
        let page = self.paths.data_dir.join("import.html");
        if let Err(err) = disk::write_atomically(&page, offer::page(&offered, &found.copied, language).as_bytes()) {
            log::warn!("cannot write the import's list page {}: {err}", page.display());
        }
        self.imports.waiting = Some(found);
        let proxy = self.proxy.clone();
        let asked = notify::ask_import(&question.title, &question.box_body, move || {
            let _ = proxy.send_event(AppEvent::Choice { window: None, choice: notify::Choice::AddImport });
        });
        if asked.is_none() {
            let look = self.view.as_ref().map_or(onshi_tray_core::icon::Look::Idle, |view| view.icon);
            let picture = (look, !self.errors.is_empty());
            let effects = self.reception.ask_import(language, &question, picture, self.clock.now());
            self.perform(effects);
            if question.page_too {
                crate::platform::open::open_file(&page);
            }
        }
    }

    /// 追加する: the windows go into the user's file (checked as the app reads it first), the undo is kept, and the
    /// schedule is read again at once. やめる: nothing changes.
    pub(super) fn answer_import(&mut self, add: bool) {
        let Some(found) = self.imports.waiting.take() else {
            log::info!("import: an answer came with no question waiting (already answered)");
            return;
        };
        if !add {
            log::info!("import: declined; nothing added");
            return;
        }
        let language = self.config.language;
        let file = self.options.explicit_config.clone().unwrap_or_else(|| self.paths.user_config.clone());
        match import::add_windows(&file, &found.windows, &found.source) {
            Ok(added) => {
                let ids: Vec<String> = added
                    .changes
                    .iter()
                    .filter_map(|c| match c {
                        onshi_tray_reader::edit::Change::Added(id) => Some(id.clone()),
                        _ => None,
                    })
                    .collect();
                let already = added.changes.len() - ids.len();
                log::info!("import: added {} window(s) to {} ({already} there already)", ids.len(), file.display());
                if !ids.is_empty() {
                    let record =
                        Record { file: file.clone(), added: ids.clone(), before: added.before, after: added.after };
                    match serde_json::to_vec(&record)
                        .map_err(|e| e.to_string())
                        .and_then(|json| disk::write_atomically(&self.imports.record, &json).map_err(|e| e.to_string()))
                    {
                        Ok(()) => self.imports.imported = true,
                        Err(err) => log::warn!("cannot keep the import for its undo ({err})"),
                    }
                }
                self.send(offer::added(ids.len(), already, language), "import: added".to_string());
                self.load_off_loop(Load::Reload("an import from the tray".to_string()));
            }
            Err(why) => {
                log::error!("import: not added: {why}");
                self.send(offer::failed(language), "import: failed".to_string());
            }
        }
    }

    /// 「追加した予定を取り消す」: the last import's windows out of the file again.
    pub(super) fn undo_import(&mut self) {
        let language = self.config.language;
        let Some(record) = Record::load(&self.imports.record) else {
            self.imports.imported = false;
            self.refresh_tray(self.clock.now());
            return;
        };
        match import::take_back(&record) {
            Ok(removed) => {
                log::info!("import: took back {removed} window(s) from {}", record.file.display());
                if let Err(err) = std::fs::remove_file(&self.imports.record) {
                    log::warn!("cannot remove {}: {err}", self.imports.record.display());
                }
                self.imports.imported = false;
                self.send(offer::undone(removed, language), "import: taken back".to_string());
                self.load_off_loop(Load::Reload("an import taken back".to_string()));
            }
            Err(why) => {
                log::error!("import: not taken back: {why}");
                self.send(offer::failed(language), "import: undo failed".to_string());
            }
        }
    }
}
