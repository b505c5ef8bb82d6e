package draft

// Staging: the editor writes the draft once per frame, not once per key.
// A change stages the customer's draft; the frame writer calls Flush just
// before the frame that shows the change reaches the terminal, so every
// change is still on disk before it is shown.

// Stage records d to be written at the next Flush, replacing whatever was
// staged for its customer.
func (s *Store) Stage(d *Draft) {
	s.stage(d.CustomerID, func() error { return s.Save(d) })
}

// StageDelete records that the customer's draft is to be deleted at the
// next Flush (nothing is left unsaved).
func (s *Store) StageDelete(id string) {
	s.stage(id, func() error { return s.Delete(id) })
}

func (s *Store) stage(id string, write func() error) {
	s.smu.Lock()
	defer s.smu.Unlock()
	if s.staged == nil {
		s.staged = map[string]func() error{}
	}
	s.staged[id] = write
}

// unstage drops what was staged for id: a direct Save or Delete replaces it.
func (s *Store) unstage(id string) {
	s.smu.Lock()
	defer s.smu.Unlock()
	delete(s.staged, id)
}

// Flush writes everything staged and returns the first failure; a write
// that failed stays staged, to be tried again at the next Flush (unless a
// newer change replaces it first).
func (s *Store) Flush() error {
	s.smu.Lock()
	staged := s.staged
	s.staged = nil
	s.smu.Unlock()
	var first error
	for id, write := range staged {
		if err := write(); err != nil {
			if first == nil {
				first = err
			}
			s.smu.Lock()
			if _, newer := s.staged[id]; !newer {
				if s.staged == nil {
					s.staged = map[string]func() error{}
				}
				s.staged[id] = write
			}
			s.smu.Unlock()
		}
	}
	return first
}
