pub mod wps;
