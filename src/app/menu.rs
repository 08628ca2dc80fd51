//! The printers' menu trees: on the LCD, Home > Settings > Wireless > Wi-Fi Protected Setup >
//! Push Button | PIN; on the touchscreen, the home screen's Wi-Fi icon > Wireless Settings >
//! Wi-Fi Protected Setup > Push Button | PIN (or Setup > Wireless Settings); each with the
//! neighbouring entries a real printer has.

/// What choosing an entry does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Submenu(&'static Menu),
    PushButton,
    Pin,
    /// Choose a network and type its password: the way in when WPS is off.
    SetupWizard,
    WirelessOnOff,
    WirelessStatus,
    NetworkReport,
    RestoreNetwork,
    About,
    /// A printer function outside this rehearsal; it says so instead of doing nothing.
    NotEmulated(&'static str),
}

#[derive(Debug, PartialEq, Eq)]
pub struct Menu {
    pub title: &'static str,
    pub items: &'static [(&'static str, Entry)],
}

pub static WPS: Menu =
    Menu { title: "Wi-Fi Protected Setup", items: &[("Push Button", Entry::PushButton), ("PIN", Entry::Pin)] };

const WIRELESS_ITEMS: &[(&str, Entry)] = &[
    ("Wi-Fi Protected Setup", Entry::Submenu(&WPS)),
    ("Wireless Setup Wizard", Entry::SetupWizard),
    ("Wireless On/Off", Entry::WirelessOnOff),
    ("Wireless Status", Entry::WirelessStatus),
    ("Network Report", Entry::NetworkReport),
    ("Restore Network Settings", Entry::RestoreNetwork),
];

pub static WIRELESS: Menu = Menu { title: "Wireless", items: WIRELESS_ITEMS };

pub static SETTINGS: Menu =
    Menu { title: "Settings", items: &[("Wireless", Entry::Submenu(&WIRELESS)), ("About This Printer", Entry::About)] };

pub static HOME: Menu = Menu {
    title: "Home",
    items: &[
        ("Copy", Entry::NotEmulated("Copy")),
        ("Scan", Entry::NotEmulated("Scan")),
        ("Settings", Entry::Submenu(&SETTINGS)),
    ],
};

/// The touchscreen's wireless page: the same entries as the LCD's, under the name
/// touchscreen printers give it.
pub static TOUCH_WIRELESS: Menu = Menu { title: "Wireless Settings", items: WIRELESS_ITEMS };

pub static TOUCH_SETUP: Menu = Menu {
    title: "Setup",
    items: &[("Wireless Settings", Entry::Submenu(&TOUCH_WIRELESS)), ("About This Printer", Entry::About)],
};

/// The touchscreen's home screen: one icon per entry, Wi-Fi first.
pub static TOUCH_HOME: Menu = Menu {
    title: "Home",
    items: &[
        ("Wi-Fi", Entry::Submenu(&TOUCH_WIRELESS)),
        ("Copy", Entry::NotEmulated("Copy")),
        ("Scan", Entry::NotEmulated("Scan")),
        ("Setup", Entry::Submenu(&TOUCH_SETUP)),
    ],
};

/// The menu a printer starts at: its home screen.
pub fn home_of(panel: crate::sim::models::Panel) -> &'static Menu {
    match panel {
        crate::sim::models::Panel::Touch => &TOUCH_HOME,
        crate::sim::models::Panel::Buttons | crate::sim::models::Panel::Screenless => &HOME,
    }
}

/// Where the user is in the tree: each level with its highlighted entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    levels: Vec<(&'static Menu, usize)>,
}

impl Default for Cursor {
    fn default() -> Self {
        Cursor { levels: vec![(&HOME, 0)] }
    }
}

impl Cursor {
    /// At the home screen `home`.
    pub fn at(home: &'static Menu) -> Cursor {
        Cursor { levels: vec![(home, 0)] }
    }

    /// Highlights entry `index` of the current menu (a tap), if it has one.
    pub fn select(&mut self, index: usize) -> bool {
        let (menu, sel) = self.levels.last_mut().expect("home level");
        let exists = index < menu.items.len();
        if exists {
            *sel = index;
        }
        exists
    }

    pub fn menu(&self) -> &'static Menu {
        self.levels.last().expect("the home level is never popped").0
    }

    pub fn selected(&self) -> usize {
        self.levels.last().expect("home level").1
    }

    pub fn entry(&self) -> Entry {
        self.menu().items[self.selected()].1
    }

    /// "Settings > Wireless" for the LCD's title row.
    pub fn breadcrumb(&self) -> String {
        self.levels.iter().skip(1).map(|(m, _)| m.title).collect::<Vec<_>>().join(" > ")
    }

    pub fn up(&mut self) {
        let (menu, sel) = self.levels.last_mut().expect("home level");
        *sel = if *sel == 0 { menu.items.len() - 1 } else { *sel - 1 };
    }

    pub fn down(&mut self) {
        let (menu, sel) = self.levels.last_mut().expect("home level");
        *sel = (*sel + 1) % menu.items.len();
    }

    pub fn enter(&mut self, menu: &'static Menu) {
        self.levels.push((menu, 0));
    }

    /// Returns false at Home, where there is nowhere to go back to.
    pub fn back(&mut self) -> bool {
        if self.levels.len() > 1 {
            self.levels.pop();
            true
        } else {
            false
        }
    }

    pub fn home(&mut self) {
        self.levels.truncate(1);
        self.levels[0].1 = 0;
    }

    pub fn depth(&self) -> usize {
        self.levels.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_to_the_pin_entry() {
        let mut c = Cursor::default();
        c.down();
        c.down();
        let Entry::Submenu(settings) = c.entry() else { panic!() };
        c.enter(settings);
        let Entry::Submenu(wireless) = c.entry() else { panic!() };
        c.enter(wireless);
        let Entry::Submenu(wps) = c.entry() else { panic!() };
        c.enter(wps);
        assert_eq!(c.breadcrumb(), "Settings > Wireless > Wi-Fi Protected Setup");
        c.down();
        assert_eq!(c.entry(), Entry::Pin);
        c.down();
        assert_eq!(c.entry(), Entry::PushButton, "wraps around");
        assert!(c.back());
        c.home();
        assert!(!c.back());
        assert_eq!(c.depth(), 1);
    }
}
